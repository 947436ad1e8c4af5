"""Provincial variants (SPEC §2): a format file that ``extends`` a national one, as data only.

A variant names its base and lists edits to the base's decoded JSON; the result is validated
like any format file.  The edits are the ones provinces make to the national tables:

- ``tables.<key>.insert_rows``: ``[{"after": row key, "rows": [row, …]}]`` — rows added;
- ``tables.<key>.replace_rows``: ``[{"row": row key, "rows": [row, …]}]`` — a row split into
  others (the replacement may keep the old key, e.g. as the ``sum`` of the new rows);
- ``tables.<key>.relabel``: ``[{"text": label, "to": label}]`` — a printed label changed;
- ``tables.<key>.column_sets``: column sets added or replaced;
- ``rules``: rule entries that replace the base's entry of the same id, or are added.

Everything else at the top level (``id``, ``name``, ``province``, ``years``, ``notice`` …)
replaces the base's value.
"""

from __future__ import annotations

import copy
from typing import Any

from forms.errors import FormatError
from forms.i18n import _

#: a variant of a variant of … : bounded so that a cycle or a long chain is refused, not followed
MAX_DEPTH = 4
_EDITS = ("insert_rows", "replace_rows", "relabel", "column_sets")


def _row_index(rows: list[dict[str, Any]], key: str, where: str) -> int:
    for i, row in enumerate(rows):
        if row.get("key") == key:
            return i
    raise FormatError(_("格式变体引用了不存在的表格行“{key}”（位置：{where}）").format(key=key, where=where))


def _edit_table(table: dict[str, Any], edits: dict[str, Any], where: str) -> None:
    unknown = set(edits) - set(_EDITS)
    if unknown:
        raise FormatError(
            _("格式变体中有无法识别的修改“{names}”（位置：{where}）").format(
                names="、".join(sorted(unknown)), where=where
            )
        )
    table.setdefault("column_sets", {}).update(edits.get("column_sets", {}))
    rows: list[dict[str, Any]] = table["rows"]
    for edit in edits.get("replace_rows", ()):
        i = _row_index(rows, str(edit["row"]), where)
        rows[i : i + 1] = list(edit["rows"])
    for edit in edits.get("insert_rows", ()):
        i = _row_index(rows, str(edit["after"]), where)
        rows[i + 1 : i + 1] = list(edit["rows"])
    for edit in edits.get("relabel", ()):
        old, new = str(edit["text"]), str(edit["to"])
        hits = [c for row in rows for c in row.get("cells", ()) if c.get("text") == old]
        if not hits:
            raise FormatError(_("格式变体要改的标签“{text}”不存在（位置：{where}）").format(text=old, where=where))
        for cell in hits:
            cell["text"] = new


def apply_variant(base: dict[str, Any], variant: dict[str, Any]) -> dict[str, Any]:
    """The decoded format that ``variant`` makes of ``base`` (neither is changed)."""
    out = copy.deepcopy(base)
    for key, value in variant.items():
        if key not in ("extends", "tables", "rules"):
            out[key] = copy.deepcopy(value)
    out["extends"] = variant["extends"]
    tables = variant.get("tables", {})
    if not isinstance(tables, dict):
        raise FormatError(_("格式定义中“{key}”的类型不对（位置：{where}）").format(key="tables", where="tables"))
    for tkey, edits in tables.items():
        if tkey not in out["tables"] or not isinstance(edits, dict):
            raise FormatError(_("格式变体引用了不存在的表格“{key}”").format(key=tkey))
        try:
            _edit_table(out["tables"][tkey], copy.deepcopy(edits), f"tables.{tkey}")
        except (KeyError, TypeError, AttributeError) as exc:
            raise FormatError(_("格式变体的修改不完整（位置：tables.{key}，{err}）").format(key=tkey, err=exc)) from exc
    rules = {r["id"]: r for r in out.get("rules", [])}
    for rule in variant.get("rules", ()):
        rules[rule["id"]] = copy.deepcopy(rule)
    out["rules"] = list(rules.values())
    return out
