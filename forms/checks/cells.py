"""T1 (a value that does not fit its cell) and T2 (blank cells: blank is not zero)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context, is_valid, show_value
from forms.checks.findings import ERROR, WARNING, Finding
from forms.i18n import _
from forms.values import EXPECTED, CellValue

#: how many blank cells a T2 message names before it says "等"
_NAMED = 3


def table_title(ctx: Context, table_key: str) -> str:
    """What the clerk calls a table: its section's title, or the attachment's label."""
    for sdef in ctx.fmt.sections:
        if sdef.table == table_key:
            return sdef.title
    att = ctx.fmt.attachment
    if att is not None and att.get("table") == table_key:
        return att.get("label", table_key)
    return table_key


def _t1(rule: str, name: str, value: CellValue, cell_type: str, **where: Any) -> Finding:
    raw = show_value(value)
    return Finding(
        rule=rule,
        severity=ERROR,
        message=_("“{name}”中的“{raw}”不是有效的数值。{expected}").format(
            name=name, raw=raw, expected=EXPECTED[cell_type]
        ),
        expected=EXPECTED[cell_type],
        actual=raw,
        **where,
    )


def check_t1(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for key, tdef in ctx.fmt.tables.items():
        data = ctx.draft.table(key)
        if not data.included:
            continue  # a table left out of the report is not printed and not checked
        for cid, vc in tdef.cells.items():
            value = data.values.get(cid)
            if value is not None and not is_valid(value, vc.type):
                yield _t1("T1", ctx.fmt.cell_name(cid), value, vc.type, cells=(cid,))
    last_year = ctx.draft.last_year
    for kind, values in (("carried_forward", last_year.carried_forward), ("in_force", last_year.in_force)):
        for key, value in values.items():
            if not is_valid(value, "count"):
                name = _("上年数据：{name}").format(name=last_year_name(ctx, kind, key))
                yield _t1("T1", name, value, "count", fields=(f"last_year.{kind}.{key}",))


def last_year_name(ctx: Context, kind: str, key: str) -> str:
    """The table cell a 上年数据 figure stands for (last year's 四、结转 column, 现行有效件数 row)."""
    cid: str | None = None
    if kind == "carried_forward" and "A6" in ctx.fmt.rules:
        table, _row = str(ctx.params("A6")["row"]).split(".", 1)
        cid = f"{table}.{ctx.params('A6')['last_year']}.{key}"
    elif kind == "in_force" and "P4" in ctx.fmt.rules:
        p = ctx.params("P4")
        table = str(p["rows"][0]).split(".", 1)[0]
        cid = f"{table}.{key}.{p['in_force']}"
    if cid is not None and ctx.fmt.has_cell(cid):
        return ctx.fmt.cell_name(cid)
    return key


def check_t2(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for key, tdef in ctx.fmt.tables.items():
        data = ctx.draft.table(key)
        if not data.included:
            continue
        computes = not data.entered_totals
        blank = tuple(
            cid for cid, vc in tdef.cells.items() if cid not in data.values and not (computes and vc.computed)
        )
        if not blank:
            continue
        names = "、".join(f"“{tdef.cell_name(cid)}”" for cid in blank[:_NAMED])
        if len(blank) > _NAMED:
            names += _("等")
        yield Finding(
            rule="T2",
            severity=WARNING,
            message=_(
                "“{table}”中有 {n} 个格子空着：{names}。空白不等于0，没有发生的事项请填0；"
                "可用“空白填0”把本表的空格一次填为0。"
            ).format(table=table_title(ctx, key), n=len(blank), names=names),
            cells=blank,
            expected=_("填写数字（没有的填0）"),
            actual=_("{n} 个空格").format(n=len(blank)),
        )
