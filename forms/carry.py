"""Next year's draft from this year's: what moves on, what is kept for the cross-year checks.

The new draft starts with empty tables in the format of its year.  Last year's 结转 row,
现行有效件数 and section texts go to ``Draft.last_year`` (A6, P4 and G6 compare with
them); the texts are copied into the new sections only on request, because a report
copied from last year is itself grounds for criticism (G6).
"""

from __future__ import annotations

import copy
import datetime as dt

from forms.catalog import format_summary_for
from forms.model import Draft, LastYear, Paragraph, new_draft
from forms.schema import TableDef, ValueCell
from forms.totals import effective_values
from forms.values import CellValue, Invalid

#: where the figures that move on live, in every format that has them (identifiers, not labels)
APPLY_TABLE = "apply"
CARRIED_FORWARD_ROW = "carried_forward"
ACTIVE_TABLE = "active"
IN_FORCE_COLUMN = "in_force"


def _shown_figures(last: Draft, table: TableDef, cells: list[ValueCell], by_row: bool) -> dict[str, CellValue]:
    """Figures as last year's report showed them (computed totals included), keyed by row or column.

    A blank or unreadable figure is no figure: the cross-year checks would compare with nothing.
    """
    shown = effective_values(last, table)
    return {
        (vc.row_key if by_row else vc.col_key): value
        for vc in cells
        if (value := shown.get(vc.id)) is not None and not isinstance(value, Invalid)
    }


def carried_forward(last: Draft) -> dict[str, CellValue]:
    """Last year's 结转下年度继续办理 row as shown (computed 总计 included), per column key."""
    table = last.fmt.tables.get(APPLY_TABLE)
    if table is None or CARRIED_FORWARD_ROW not in table.row_keys:
        return {}
    return _shown_figures(last, table, table.data_row_cells(CARRIED_FORWARD_ROW), by_row=False)


def in_force(last: Draft) -> dict[str, CellValue]:
    """Last year's 现行有效件数 per row key (only formats with that column have it)."""
    table = last.fmt.tables.get(ACTIVE_TABLE)
    if table is None:
        return {}
    return _shown_figures(last, table, table.column_cells(IN_FORCE_COLUMN), by_row=True)


def section_texts(last: Draft) -> dict[str, str]:
    return {sec.key: last.section_text(sec.key) for sec in last.sections if last.section_text(sec.key)}


def date_a_year_on(date: dt.date | None, years: int = 1) -> dt.date | None:
    """Last year's 成文日期 in the new report's year (29 February becomes the 28th); None stays None."""
    if date is None:
        return None
    year = date.year + years
    try:
        return date.replace(year=year)
    except ValueError:  # 29 February in a year without it
        return date.replace(year=year, day=28)


def _copy_paras(paras: list[Paragraph]) -> list[Paragraph]:
    return [Paragraph(p.text, p.level) for p in paras]


def next_year_draft(
    last: Draft,
    *,
    org: str | None = None,
    year: int | None = None,
    level: str | None = None,
    format_id: str | None = None,
    copy_texts: bool = False,
) -> Draft:
    """Start the report after ``last``: new year and period, the format of that year, empty tables."""
    new_year = last.meta.year + 1 if year is None else year
    new_org = last.meta.org if org is None else org
    # last year's province keeps its variant when one applies to the new year
    province = last.fmt.province
    fid = format_summary_for(new_year, new_org, province).id if format_id is None else format_id
    draft = new_draft(fid, new_org, new_year, last.meta.level if level is None else level)
    draft.meta.contact = copy.deepcopy(last.meta.contact)
    if new_org == last.meta.org:
        draft.meta.signature = last.meta.signature  # the 署名 is the organisation's name
    draft.meta.date = date_a_year_on(last.meta.date, new_year - last.meta.year)
    draft.last_year = LastYear(
        carried_forward=carried_forward(last),
        in_force=in_force(last),
        texts=section_texts(last),
    )
    if copy_texts:
        draft.title = last.title
        draft.preface = None if last.preface is None else _copy_paras(last.preface)
        _copy_sections(last, draft)
    return draft


def _copy_sections(last: Draft, draft: Draft) -> None:
    if draft.fmt.sections_editable and last.format_id == draft.format_id:
        # a format whose sections the clerk retitles, reorders and adds to: keep the clerk's outline
        draft.sections = copy.deepcopy(last.sections)
        return
    for sec in draft.sections:
        old = last.section(sec.key)
        if old is not None:
            sec.before = _copy_paras(old.before)
            sec.after = _copy_paras(old.after)
