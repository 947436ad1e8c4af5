"""Draft <-> JSON document (schema_version 2: sections may hold pictures), validated field by field on the way in.

Only what the clerk entered is written: computed totals never are.  A value that does not
fit its cell is kept (``Invalid``) so that nothing typed is lost and rule T1 reports it.
File handling (atomic save, backups, upgrades of older versions) is in ``forms.draftfile``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms import pictures as _pictures
from forms.catalog import FIRST_YEAR, LAST_YEAR
from forms.i18n import _
from forms.levels import current_name
from forms.model import (
    Acknowledgement,
    Contact,
    Draft,
    LastYear,
    Meta,
    Paragraph,
    SectionText,
    TableData,
)
from forms.schema import FormatError, load_format
from forms.values import from_json, to_json

SCHEMA_VERSION = 2
FILE_KIND = "nianbao-draft"


class DraftFormatError(ValueError):
    """The document is not a valid draft; the message is Chinese and says what is wrong."""


def _paras(items: list[Paragraph]) -> list[dict[str, Any]]:
    return [{"text": p.text, "level": p.level} for p in items]


def to_dict(draft: Draft) -> dict[str, Any]:
    m = draft.meta
    c = m.contact
    doc: dict[str, Any] = {
        "kind": FILE_KIND,
        "schema_version": SCHEMA_VERSION,
        "format": draft.format_id,
        "meta": {
            "org": m.org,
            "year": m.year,
            "level": m.level,
            "date": m.date.isoformat() if m.date else None,
            "signature": m.signature,
            "contact": {
                "address": c.address,
                "postcode": c.postcode,
                "phone": c.phone,
                "email": c.email,
                "website": c.website,
                "office": c.office,
            },
        },
        "title": draft.title,
        "preface": None if draft.preface is None else _paras(draft.preface),
        "sections": [
            {
                "key": s.key,
                "title": s.title,
                "items": list(s.items),
                "before": _paras(s.before),
                "after": _paras(s.after),
                "pictures": [_pictures.to_json(p) for p in s.pictures],
            }
            for s in draft.sections
        ],
        "tables": {
            key: {
                "entered_totals": t.entered_totals,
                "included": t.included,
                # totals typed while a table was on entered totals are kept even after it is
                # switched back: they were typed, and switching again must not lose them
                "values": {cid: to_json(v) for cid, v in sorted(t.values.items())},
            }
            for key, t in draft.tables.items()
        },
        "last_year": {
            "carried_forward": {k: to_json(v) for k, v in draft.last_year.carried_forward.items()},
            "in_force": {k: to_json(v) for k, v in draft.last_year.in_force.items()},
            "texts": dict(draft.last_year.texts),
        },
        "acknowledgements": [
            {"rule": a.rule, "cells": list(a.cells), "actual": a.actual, "note": a.note} for a in draft.acknowledgements
        ],
    }
    if draft.imported_from is not None:
        doc["imported_from"] = draft.imported_from
    return doc


#: how much of a value from the file a message repeats: a 10 MB "date" is not echoed whole
BRIEF_CHARS = 40


def brief(text: str) -> str:
    """``text`` as a message quotes it: at most ``BRIEF_CHARS`` characters, then "……"."""
    return text if len(text) <= BRIEF_CHARS else text[:BRIEF_CHARS] + "……"


def _bad(what: str) -> DraftFormatError:
    return DraftFormatError(_("草稿文件内容有误：{what}").format(what=what))


def _get(d: Any, key: str, kind: type | tuple[type, ...], what: str, default: Any = ...) -> Any:
    if not isinstance(d, dict):
        raise _bad(what)
    if key not in d:
        if default is ...:
            raise _bad(_("缺少“{key}”").format(key=key))
        return default
    value = d[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _bad(_("“{key}”的值类型不对").format(key=key))
    return value


def _read_paras(raw: Any, what: str) -> list[Paragraph]:
    if not isinstance(raw, list):
        raise _bad(what)
    out = []
    for p in raw:
        text = _get(p, "text", str, what)
        level = _get(p, "level", int, what, 0)
        if level not in (0, 1, 2, 3):
            raise _bad(_("段落级别只能是0到3"))
        out.append(Paragraph(text, level))
    return out


def _read_pictures(raw: list[Any]) -> list[_pictures.Picture]:
    out = []
    for n, p in enumerate(raw, 1):
        try:
            out.append(_pictures.from_json(p))
        except _pictures.PictureError as exc:
            raise _bad(_("第 {n} 张图片：{why}").format(n=n, why=str(exc).split("；")[0].rstrip("。"))) from exc
    return out


def from_dict(doc: Any) -> Draft:
    """Build a draft from a current-version document (see ``forms.draftfile`` for upgrades)."""
    if not isinstance(doc, dict) or doc.get("kind") != FILE_KIND:
        raise DraftFormatError(_("这不是年报助手的草稿文件。"))
    format_id = _get(doc, "format", str, "format")
    try:
        fmt = load_format(format_id)
    except FormatError as exc:
        raise DraftFormatError(_("草稿使用了本程序不认识的报告格式“{id}”。").format(id=brief(format_id))) from exc
    m = _get(doc, "meta", dict, "meta")
    year = _get(m, "year", int, "meta.year")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _bad(_("年度 {year} 不在合理范围内").format(year=year))
    stored_level = _get(m, "level", str, "meta.level", "乡镇")
    level = current_name(stored_level)  # a short spelling (开发区管委会) loads as the level's name
    if level is None:
        raise _bad(_("机关层级“{level}”无效").format(level=brief(stored_level)))
    raw_date = _get(m, "date", (str, type(None)), "meta.date", None)
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError as exc:
        raise _bad(_("成文日期“{d}”无效").format(d=brief(raw_date))) from exc
    c = _get(m, "contact", dict, "meta.contact", {})
    contact = Contact(**{k: _get(c, k, str, "contact", "") for k in Contact.__dataclass_fields__})
    draft = Draft(
        format_id=format_id,
        meta=Meta(
            org=_get(m, "org", str, "meta.org"),
            year=year,
            level=level,
            date=date,
            signature=_get(m, "signature", str, "meta.signature", ""),
            contact=contact,
        ),
        title=_get(doc, "title", (str, type(None)), "title", None),
    )
    raw_preface = doc.get("preface")
    draft.preface = None if raw_preface is None else _read_paras(raw_preface, "preface")
    for s in _get(doc, "sections", list, "sections"):
        draft.sections.append(
            SectionText(
                key=_get(s, "key", str, "sections"),
                title=_get(s, "title", (str, type(None)), "sections", None),
                before=_read_paras(_get(s, "before", list, "sections", []), "sections.before"),
                after=_read_paras(_get(s, "after", list, "sections", []), "sections.after"),
                items=[str(i) for i in _get(s, "items", list, "sections", [])],
                pictures=_read_pictures(_get(s, "pictures", list, "sections", [])),
            )
        )
    try:
        _pictures.check_total(draft.pictures())
    except _pictures.PictureError as exc:
        raise _bad(str(exc).split("。")[0]) from exc
    tables = _get(doc, "tables", dict, "tables", {})
    for key, tdef in fmt.tables.items():
        raw = tables.get(key, {})
        data = TableData(
            entered_totals=bool(_get(raw, "entered_totals", bool, "tables", False)),
            included=bool(_get(raw, "included", bool, "tables", not tdef.optional)),
        )
        for cid, v in _get(raw, "values", dict, "tables.values", {}).items():
            if cid not in tdef.cells:
                raise _bad(_("表格中有本格式没有的单元格“{cid}”").format(cid=brief(cid)))
            data.values[cid] = from_json(v, tdef.cells[cid].type)
        draft.tables[key] = data
    unknown = set(tables) - set(fmt.tables)
    if unknown:
        raise _bad(_("有本格式没有的表格：{names}").format(names=brief("、".join(sorted(unknown)))))
    ly = _get(doc, "last_year", dict, "last_year", {})
    draft.last_year = LastYear(
        carried_forward={
            k: from_json(v, "count") for k, v in _get(ly, "carried_forward", dict, "last_year", {}).items()
        },
        in_force={k: from_json(v, "count") for k, v in _get(ly, "in_force", dict, "last_year", {}).items()},
        texts={str(k): str(v) for k, v in _get(ly, "texts", dict, "last_year", {}).items()},
    )
    for a in _get(doc, "acknowledgements", list, "acknowledgements", []):
        draft.acknowledgements.append(
            Acknowledgement(
                rule=_get(a, "rule", str, "acknowledgements"),
                cells=tuple(str(x) for x in _get(a, "cells", list, "acknowledgements", [])),
                actual=_get(a, "actual", str, "acknowledgements", ""),
                note=_get(a, "note", str, "acknowledgements", ""),
            )
        )
    draft.imported_from = _get(doc, "imported_from", (str, type(None)), "imported_from", None)
    return draft
