"""forms.editing.paste: blocks from Excel/WPS placed by the format's own labels, or from the selected cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.editing.paste import MAX_ROWS, PasteError, plan_paste, read_block, report_lines, row_specs
from forms.model import new_draft
from forms.schema import format_ids, load_format
from forms.values import Invalid

COUNTY = Path(__file__).parent / "fixtures" / "paste" / "county_apply.tsv"


def county_text() -> str:
    return COUNTY.read_bytes().decode("utf-8")  # CRLF kept, as Excel puts it on the clipboard


def test_read_block_handles_quotes_crlf_and_the_trailing_line_break():
    rows = read_block('a\t"b\r\nc"\t"say ""x"""\r\n1\t\t2\r\n')
    assert rows == [["a", "b\nc", 'say "x"'], ["1", "", "2"]]
    assert read_block("5") == [["5"]]


def test_read_block_is_bounded():
    with pytest.raises(PasteError, match="行"):
        read_block("1\n" * (MAX_ROWS + 5))


def test_the_county_sheet_lands_by_its_labels_and_its_totals_are_compared():
    draft = new_draft("gov2021", "某镇", 2024)
    plan = plan_paste(draft, draft.fmt.tables["apply"], county_text(), (10, 5))  # wherever the cursor is
    assert plan.by_labels and not plan.unplaced and not plan.refused and not plan.totals
    v = plan.values
    assert v["apply.new_received.natural"] == 12 and v["apply.new_received.business"] == 3
    assert v["apply.new_received.public_welfare"] == 1 and v["apply.new_received.research"] == 0
    assert v["apply.r_partial.natural"] == 2  # a label with a line break in it, quoted by Excel
    assert v["apply.r_unable_not_held.business"] == 1
    assert v["apply.carried_forward.natural"] == 1
    assert not any(cid.endswith(".total") or ".r_total." in cid for cid in v)  # totals are the app's
    assert len(v) == 24 * 6
    assert plan.totals_agree == 24 + 7


def test_a_total_that_differs_is_reported_not_written():
    draft = new_draft("gov2021", "某镇", 2024)
    text = county_text().replace("（七）总计\t12\t3\t0\t1\t0\t0\t16", "（七）总计\t12\t3\t0\t1\t0\t0\t17")
    plan = plan_paste(draft, draft.fmt.tables["apply"], text, None)
    assert [(d.cell_id, d.pasted, d.computed) for d in plan.totals] == [("apply.r_total.total", 17, 16)]
    assert "apply.r_total.total" not in plan.values
    assert "17" in "".join(report_lines(plan, draft.fmt.tables["apply"]))


def test_unknown_rows_columns_and_figures_past_the_edge_are_reported_with_positions():
    draft = new_draft("gov2021", "某镇", 2024)
    text = "\t自然人\t商业企业\t备注\n一、本年新收政府信息公开申请数量\t4\t5\t9\n五、另行统计的申请\t7\t\t\n"
    plan = plan_paste(draft, draft.fmt.tables["apply"], text, None)
    assert plan.values == {"apply.new_received.natural": 4, "apply.new_received.business": 5}
    assert [(u.row, u.col, u.reason) for u in plan.unplaced] == [(2, 4, "unknown_column"), (3, 2, "unknown_row")]
    lines = report_lines(plan, draft.fmt.tables["apply"])
    assert "2 个内容未能粘贴" in lines[1] and "第2行第4列" in lines[1]


def test_figures_above_the_first_known_row_and_texts_in_unknown_columns_are_reported():
    draft = new_draft("gov2021", "某镇", 2024)
    text = "\t自然人\t备注\n零、另行统计\t9\t\n一、本年新收政府信息公开申请数量\t4\t含电话申请\n"
    plan = plan_paste(draft, draft.fmt.tables["apply"], text, None)
    assert plan.values == {"apply.new_received.natural": 4}
    assert [(u.row, u.col, u.reason) for u in plan.unplaced] == [(2, 2, "unknown_row"), (3, 3, "unknown_column")]


def test_a_plain_block_goes_from_the_selected_cell_and_what_is_past_the_edge_is_counted():
    draft = new_draft("gov2021", "某镇", 2024)
    table = draft.fmt.tables["apply"]
    start = (
        table.cells["apply.new_received.legal_service"].grid_row,
        table.cells["apply.new_received.legal_service"].grid_col,
    )
    plan = plan_paste(draft, table, "1\t2\t3\t4\t5\n", start)
    assert not plan.by_labels
    assert plan.values == {"apply.new_received.legal_service": 1, "apply.new_received.other": 2}
    assert [(u.row, u.col, u.reason) for u in plan.unplaced] == [(1, 4, "past_edge"), (1, 5, "past_edge")]
    assert plan.totals_agree == 1  # 3 in the 总计 column: 1 + 2, as the app adds them


def test_non_numbers_are_kept_as_typed_and_reported():
    draft = new_draft("gov2021", "某镇", 2024)
    plan = plan_paste(draft, draft.fmt.tables["apply"], "二、上年结转政府信息公开申请数量\t3\t—\t两件\n", None)
    assert plan.values["apply.carried_over.natural"] == 3
    refused = [(r, c, cid) for r, c, cid, _t, _m in plan.refused]
    assert refused == [(1, 3, "apply.carried_over.business"), (1, 4, "apply.carried_over.research")]
    assert plan.values["apply.carried_over.research"] == Invalid("两件")  # red in its cell, a T1 error
    assert "2 个内容不是有效数字" in report_lines(plan, draft.fmt.tables["apply"])[1]


def _labels_left_of(table, vc):
    """The label columns of a row as Excel copies merged cells: the text in a merge's first cell."""
    cells = []
    for col in range(vc.grid_col):
        gc = table.covering(vc.grid_row, col)
        first = gc is not None and gc.cell_id is None and gc.row == vc.grid_row and gc.col == col
        cells.append(gc.text or "" if first else "")
    return cells


@pytest.mark.parametrize("fid", format_ids())
def test_every_table_takes_a_block_written_with_its_own_labels(fid):
    """A block made from the format's own row and column labels (read from the schema) lands in
    every entered cell of every table that has row labels."""
    fmt = load_format(fid)
    draft = new_draft(fid, "某镇", fmt.year_from)
    for table in fmt.tables.values():
        specs = [s for s in row_specs(table) if s.label is not None]
        if not specs or table.header_rows == 0:
            continue
        cols = sorted({vc.grid_col for s in specs for vc in s.cells})
        headers = []
        for r in range(table.header_rows):
            line = [""] * cols[0]
            for col in cols:
                gc = table.covering(r, col)
                line.append(gc.text if gc is not None and gc.text and gc.role != "note" and gc.col == col else "")
            headers.append("\t".join(line))
        lines, expected = [], {}
        n = 0
        for spec in specs:
            by_col = {vc.grid_col: vc for vc in spec.cells}
            cells = _labels_left_of(table, spec.cells[0])
            for col in cols:
                vc = by_col.get(col)
                if vc is None or vc.computed:
                    cells.append("")
                    continue
                n += 1
                text = "1" if vc.type not in ("amount_unit",) else "1万元"
                cells.append(text)
                expected[vc.id] = text
            lines.append("\t".join(cells))
        plan = plan_paste(draft, table, "\n".join(headers + lines) + "\n", None)
        placed = {cid for cid, v in plan.values.items() if v is not None}
        assert placed == set(expected), (table.key, set(expected) ^ placed, plan.unplaced[:3])
        assert not plan.unplaced and not plan.refused
