"""Build whole drafts for tests: zero-filled tables, consistent application tables, a full report.

Shared by the tests of several modules: import it as ``from tests.draft_factory import ...``
(or ``from draft_factory import ...`` with tests/ on sys.path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from forms.catalog import format_lineage
from forms.model import Draft, Paragraph, new_draft
from forms.schema import FormatDef, TableDef
from forms.totals import effective_values
from forms.values import Amount, CellValue

#: a report year that each format applies to
YEARS = {"gov2021": 2023, "gov2019": 2020, "legacy": 2017}
ORG = "测试镇人民政府"


def zero_of(cell_type: str) -> CellValue:
    if cell_type == "money_wan":
        return Decimal(0)
    if cell_type == "amount_unit":
        return Amount(Decimal(0), "万元")
    return 0


def make(format_id: str = "gov2021", year: int | None = None, level: str = "乡镇") -> Draft:
    if year is None:
        # a provincial variant applies to the years of the format it extends
        year = YEARS.get(format_id) or YEARS[format_lineage(format_id)[-1]]
    return new_draft(format_id, ORG, year, level)


def entered_cells(draft: Draft, table: TableDef) -> list[str]:
    """The cells the clerk types in this draft (all of them on entered totals)."""
    if draft.table(table.key).entered_totals:
        return list(table.cells)
    return [c.id for c in table.entered_cells()]


def fill_zeros(draft: Draft, tables: list[str] | None = None) -> Draft:
    """Fill every blank entered cell with 0, like the 空白填0 action."""
    fmt = draft.fmt
    for key in tables or list(fmt.tables):
        table = fmt.tables[key]
        draft.table(key).included = True
        for cid in entered_cells(draft, table):
            if draft.value(cid) is None:
                draft.set_value(cid, zero_of(table.cells[cid].type))
    return draft


def enter_totals(draft: Draft, table_key: str) -> Draft:
    """Switch a table to entered totals, typing in the totals it showed (so they add up)."""
    table = draft.fmt.tables[table_key]
    shown = effective_values(draft, table)
    draft.table(table_key).entered_totals = True
    for vc in table.cells.values():
        if vc.computed and shown[vc.id] is not None:
            draft.set_value(vc.id, shown[vc.id])
    return draft


def result_rows(fmt: FormatDef) -> list[str]:
    """The 办理结果 rows of the application table: the ones its （七）总计 row adds up."""
    table = fmt.tables["apply"]
    total = next(vc for vc in table.cells.values() if vc.sum_rule == "A3")
    return [table.cells[c].row_key for c in total.sum_of]


def applicant_columns(fmt: FormatDef) -> list[str]:
    table = fmt.tables["apply"]
    return [vc.col_key for vc in table.data_row_cells("new_received") if not vc.computed]


def fill_apply(
    draft: Draft,
    results: Mapping[str, Mapping[str, int]],
    carried_over: Mapping[str, int],
    carried_forward: Mapping[str, int],
) -> Draft:
    """Fill the application table so that every column balances (A1): 一 is derived.

    ``results[row][col]`` gives the 办理结果 counts; 一、本年新收 becomes
    results + carried_forward − carried_over (carried_over is lowered where needed to keep it ≥ 0).
    """
    fmt = draft.fmt
    for col in applicant_columns(fmt):
        done = sum(results.get(r, {}).get(col, 0) for r in result_rows(fmt))
        forward = carried_forward.get(col, 0)
        over = min(carried_over.get(col, 0), done + forward)
        for r in result_rows(fmt):
            draft.set_value(f"apply.{r}.{col}", results.get(r, {}).get(col, 0))
        draft.set_value(f"apply.carried_over.{col}", over)
        draft.set_value(f"apply.carried_forward.{col}", forward)
        draft.set_value(f"apply.new_received.{col}", done + forward - over)
    return draft


def fill_review(draft: Draft, counts: Mapping[str, int]) -> Draft:
    """Fill the entered cells of the 复议/诉讼 table (missing keys are 0)."""
    table = draft.fmt.tables["review"]
    for vc in table.entered_cells():
        draft.set_value(vc.id, counts.get(vc.col_key, 0))
    return draft


TEXTS: dict[str, list[str]] = {
    "overview": [
        "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
        "围绕群众关切推进政务公开，政府信息公开工作取得新进展。",
        "（一）主动公开。全年通过政府网站、政务公开栏等渠道主动公开政府信息，涉及财政预决算、乡村振兴、"
        "民生保障等群众关注的重点领域。",
        "（二）依申请公开。全年未收到政府信息公开申请，没有因政府信息公开被申请行政复议或提起行政诉讼。",
        "（三）政府信息管理。健全信息发布审查机制，落实“先审查、后公开”和“一事一审”制度。",
        "（四）政府信息公开平台建设。加强政府网站信息公开专栏的日常维护，及时更新栏目内容。",
        "（五）监督保障。将政府信息公开纳入工作考核，开展社会评议，对工作不力的依规进行责任追究。",
    ],
    "active": ["本年度主动公开政府信息情况见下表。"],
    "apply": ["本年度依申请公开政府信息情况见下表。"],
    "review": ["本年度政府信息公开行政复议、行政诉讼情况见下表。"],
    "problems": [
        "存在的主要问题：一是公开内容的深度还不够，二是工作人员的业务水平有待提高。",
        "改进措施：加强业务培训，进一步规范公开流程，提升公开质量。",
    ],
    "other": ["本年度未收取信息处理费。人大代表建议和政协提案办理结果已按要求公开。"],
    "fees": ["本年度未收取检索、复制、邮寄等费用。"],
}


def write_texts(draft: Draft) -> Draft:
    """Give every section a plausible text that satisfies the text rules (G3, G8, G9)."""
    for sec in draft.sections:
        sec.before = [Paragraph(t) for t in TEXTS.get(sec.key, ["本年度没有需要报告的其他事项。"])]
    return draft


def full_report(format_id: str = "gov2021", level: str = "乡镇") -> Draft:
    """A complete draft: texts, zero-filled tables, a 成文日期 in the next January."""
    draft = make(format_id, level=level)
    write_texts(draft)
    fill_zeros(draft)
    draft.meta.date = dt.date(draft.meta.year + 1, 1, 15)
    return draft
