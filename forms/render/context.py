"""The one set of variables every report template sees, built from a draft and its schema.

Templates never compute anything the report must get right: texts are cleaned here, value
cells carry the text of their effective (entered or summed) value, and tables are the
schema's grid of origin cells with their spans.  Each format file lists these top-level
names as ``template_variables``; a template that asks for anything else is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, TypedDict

from forms.i18n import _, format_cn_date
from forms.model import Draft, Paragraph
from forms.pictures import Picture
from forms.render.options import RenderOptions
from forms.render.pictures import marker, part_blocks
from forms.schema import TableDef
from forms.totals import computes, effective_values
from forms.values import format_value


class Para(TypedDict):
    text: str  # a picture's caption
    level: int  # 0 正文, 1 一级 "一、", 2 二级 "（一）", 3 三级 "1."
    #: "" for text; for a picture block its marker, replaced by the picture after Jinja
    picture: str


class Cell(TypedDict):
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    role: str  # header | heading | label | note | value
    indent: int
    cell_id: str | None
    #: the value shown is a sum the app computed (not a figure the clerk typed)
    computed: bool


class Table(TypedDict):
    key: str
    grid_columns: int
    header_rows: int
    rows: list[list[Cell]]


class Section(TypedDict):
    key: str
    title: str
    before: list[Para]
    after: list[Para]
    table: Table | None


class Attachment(TypedDict):
    label: str
    title: str
    table: Table


_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
# C0/C1 controls except TAB and LF, lone surrogates, and the Unicode non-characters
_UNWRITABLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)


def clean_text(text: str) -> str:
    """Text as it may appear in a report: line breaks as "\\n", no invisible control characters.

    Control characters, lone surrogates and non-characters cannot be written to a Word file
    (XML forbids them) or encoded at all; they come only from pasting or damaged files.
    """
    return _UNWRITABLE.sub("", _LINE_BREAKS.sub("\n", text))


def _paras(items: Sequence[Paragraph | Picture]) -> list[Para]:
    return [
        Para(text=clean_text(p.caption), level=0, picture=marker(p))
        if isinstance(p, Picture)
        else Para(text=clean_text(p.text), level=p.level, picture="")
        for p in items
    ]


def build_table(draft: Draft, table: TableDef) -> Table:
    """The table as its grid of origin cells; value cells hold the text they print as."""
    values = effective_values(draft, table)
    summed = computes(draft, table)
    rows: list[list[Cell]] = []
    for grid_row in table.rows:
        out: list[Cell] = []
        for gc in grid_row:
            if gc.cell_id is not None:
                text = format_value(values[gc.cell_id])
                computed = summed and table.cells[gc.cell_id].computed
            else:
                text = gc.text or ""
                computed = False
            out.append(
                Cell(
                    text=clean_text(text),
                    row=gc.row,
                    col=gc.col,
                    rowspan=gc.rowspan,
                    colspan=gc.colspan,
                    role=gc.role,
                    indent=gc.indent,
                    cell_id=gc.cell_id,
                    computed=computed,
                )
            )
        rows.append(out)
    return Table(key=table.key, grid_columns=table.grid_columns, header_rows=table.header_rows, rows=rows)


def period_text(year: int) -> str:
    return _("{start}至{end}").format(
        start=format_cn_date(dt.date(year, 1, 1)), end=format_cn_date(dt.date(year, 12, 31))
    )


def build_context(draft: Draft, options: RenderOptions | None = None) -> dict[str, Any]:
    """The variables of a report template; the keys are the format's ``template_variables``."""
    options = options or RenderOptions()
    fmt = draft.fmt
    meta = draft.meta
    sections: list[Section] = []
    for sec in draft.sections:
        sdef = fmt.section(sec.key)
        table: Table | None = None
        if sdef is not None and sdef.table is not None and draft.table(sdef.table).included:
            table = build_table(draft, fmt.tables[sdef.table])
        sections.append(
            Section(
                key=sec.key,
                title=clean_text(draft.section_title(sec)),
                before=_paras(part_blocks(sec, "before")),
                after=_paras(part_blocks(sec, "after")),
                table=table,
            )
        )
    attachment: Attachment | None = None
    if fmt.attachment is not None and draft.table(fmt.attachment["table"]).included:
        attachment = Attachment(
            label=fmt.attachment["label"],
            title=clean_text(fmt.attachment["title"].format(year=meta.year, org=meta.org)),
            table=build_table(draft, fmt.tables[fmt.attachment["table"]]),
        )
    return {
        "title": clean_text(draft.effective_title()),
        "org": clean_text(meta.org),
        "year": meta.year,
        "period": period_text(meta.year),
        "preface": _paras(draft.effective_preface()),
        "sections": sections,
        "signature": clean_text(meta.signature),
        "date": format_cn_date(meta.date) if meta.date else "",
        # 加盖印章 needs both lines to press the seal on; without one the layout stays unsealed
        "seal": options.seal and bool(meta.signature.strip()) and meta.date is not None,
        "attachment": attachment,
    }
