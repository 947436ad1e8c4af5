"""The table models and views: the official grid, typing, refusing, pasting, 空白填0, undo."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from forms.draftfile import load_draft
from forms.model import new_draft
from forms.schema import format_ids, load_format
from forms.values import Invalid
from ui.document import ReportDocument
from ui.driving import table_view, type_into_cell
from ui.main_window import MainWindow
from ui.table_model import COMPUTED_BG, ERROR_BG, ReportTableModel

EXAMPLES = sorted(Path("forms/examples").glob("*.nianbao"))


@pytest.fixture
def window(open_window):
    return open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))


def model_of(w: MainWindow, table: str) -> ReportTableModel:
    return w.shell.pages[f"sec:{table}"].model


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_table_model_passes_the_model_tester(qtmodeltester, qapp, path):
    doc = ReportDocument(load_draft(path))
    for table in doc.draft.fmt.tables.values():
        model = ReportTableModel(doc, table)
        qtmodeltester.check(model, force_py=True)
        assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


@pytest.mark.parametrize("fid", format_ids())
def test_empty_drafts_pass_the_model_tester_and_spans_follow_the_grid(qtmodeltester, qapp, fid):
    doc = ReportDocument(new_draft(fid, "某镇", load_format(fid).year_from))
    for table in doc.draft.fmt.tables.values():
        model = ReportTableModel(doc, table)
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == len(table.rows) and model.columnCount() == table.grid_columns
        for row in table.rows:
            for gc in row:
                index = model.index(gc.row, gc.col)
                if gc.cell_id is None:
                    assert index.data() == "\u3000" * gc.indent + (gc.text or "")  # labels from the schema
                    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
                else:
                    computed = table.cells[gc.cell_id].computed
                    assert bool(model.flags(index) & Qt.ItemFlag.ItemIsEditable) is not computed


def test_view_spans_are_the_merged_cells(window):
    view = table_view(window, "apply.new_received.natural")
    table = view.model().table
    for row in table.rows:
        for gc in row:
            assert view.rowSpan(gc.row, gc.col) == gc.rowspan
            assert view.columnSpan(gc.row, gc.col) == gc.colspan


def test_computed_totals_are_grey_read_only_and_follow_the_inputs(window):
    model = model_of(window, "apply")
    total = model.index_of("apply.new_received.total")
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() == COMPUTED_BG
    assert not model.setData(total, "5")
    assert total.data() == ""  # blank while its inputs are blank, never 0
    type_into_cell(window, "apply.new_received.natural", "3")
    type_into_cell(window, "apply.new_received.business", "4")
    assert total.data() == "7"
    assert window.doc.draft.value("apply.new_received.total") is None  # never stored


def test_entered_totals_switch_makes_totals_editable(qtbot, window):
    model = model_of(window, "apply")
    block = window.shell.pages["sec:apply"].table_block
    block.entered_totals.setChecked(True)
    total = model.index_of("apply.new_received.total")
    assert model.flags(total) & Qt.ItemFlag.ItemIsEditable
    assert total.data(Qt.ItemDataRole.BackgroundRole).color() != COMPUTED_BG  # now a blank to fill (T2)
    type_into_cell(window, "apply.new_received.total", "9")
    assert window.doc.draft.value("apply.new_received.total") == 9
    assert window.doc.draft.table("apply").entered_totals
    block.entered_totals.setChecked(False)
    assert not model.flags(total) & Qt.ItemFlag.ItemIsEditable


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("１２", 12), (" 1,024 ", 1024), ("+7", 7), ("１，２３４", 1234), ("0", 0)],
)
def test_accepted_entries(window, typed, stored):
    type_into_cell(window, "apply.new_received.natural", typed)
    assert window.doc.draft.value("apply.new_received.natural") == stored


@pytest.mark.parametrize(("typed", "words"), [("abc", "整数"), ("1.5", "小数"), ("-3", "负数"), ("无", "整数")])
def test_invalid_entry_is_refused_at_the_cell_and_kept_visible(window, typed, words):
    type_into_cell(window, "apply.new_received.natural", "5")
    view = type_into_cell(window, "apply.new_received.natural", typed)
    model = view.model()
    index = model.index_of("apply.new_received.natural")
    assert window.doc.draft.value("apply.new_received.natural") == Invalid(typed)  # kept as typed, not 5
    assert index.data() == typed  # what was typed is not dropped
    assert index.data(Qt.ItemDataRole.EditRole) == typed
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert words in index.data(Qt.ItemDataRole.ToolTipRole)
    assert words in window.statusBar().currentMessage()
    assert view.currentIndex() == index  # Enter did not move on from a refused entry
    type_into_cell(window, "apply.new_received.natural", "6")
    assert window.doc.draft.value("apply.new_received.natural") == 6
    assert index.data() == "6" and "apply.new_received.natural" not in model.rejected


def test_money_in_yuan_becomes_wan(window):
    type_into_cell(window, "active.fees.amount", "251000元")
    assert window.doc.draft.value("active.fees.amount") == Decimal("25.1")


def test_paste_a_block_from_excel_and_undo_redo_it(qtbot, window):
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.natural")
    QGuiApplication.clipboard().setText("1\t2\t3\r\n4\t５\t6\r\n")
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    draft = window.doc.draft
    assert [draft.value(f"apply.new_received.{c}") for c in ("natural", "business", "research")] == [1, 2, 3]
    assert [draft.value(f"apply.carried_over.{c}") for c in ("natural", "business", "research")] == [4, 5, 6]
    assert "6" in window.statusBar().currentMessage()
    QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one step undoes the block
    assert draft.table("apply").values == {}
    QTest.keyClick(view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert draft.value("apply.carried_over.research") == 6


def test_paste_refuses_bad_entries_and_compares_computed_totals(window):
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.other")  # the next column is the computed 总计
    view.paste_text("8\t99\nx\t1\n")
    draft = window.doc.draft
    model = view.model()
    assert draft.value("apply.new_received.other") == 8
    assert draft.value("apply.new_received.total") is None
    assert draft.value("apply.carried_over.other") == Invalid("x")  # kept as pasted, a T1 error
    assert model.rejected["apply.carried_over.other"][0] == "x"
    message = window.statusBar().currentMessage()
    assert "1 个内容不是有效数字" in message and "第2行第1列" in message
    # the 总计 column is the app's: 99 is reported against the 8 the figures add up to, not written
    assert "2 个合计与程序算出的不同" in message and "粘贴的是 99" in message


def test_undo_and_redo_single_cell_edits(window):
    type_into_cell(window, "apply.new_received.natural", "1")
    type_into_cell(window, "apply.new_received.natural", "2")
    draft = window.doc.draft
    window.act_undo.trigger()
    assert draft.value("apply.new_received.natural") == 1
    window.act_undo.trigger()
    assert draft.value("apply.new_received.natural") is None
    window.act_redo.trigger()
    assert draft.value("apply.new_received.natural") == 1
    assert "撤销" in window.act_undo.text()


def test_fill_blanks_with_zero_and_delete(qtbot, window):
    type_into_cell(window, "review.cases.review_upheld", "2")
    block = window.shell.pages["sec:review"].table_block
    qtbot.mouseClick(block.fill_button, Qt.MouseButton.LeftButton)
    draft = window.doc.draft
    values = draft.table("review").values
    assert values["review.cases.review_upheld"] == 2  # filled cells keep their value
    assert len(values) == 12 and all(v == 0 for k, v in values.items() if k != "review.cases.review_upheld")
    assert "review.cases.review_total" not in values  # computed totals are not filled
    assert not [f for f in window.doc.findings if f.rule == "T2" and f.cells[0].startswith("review.")]
    view = block.view
    view.select_cell("review.cases.review_corrected")
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert draft.value("review.cases.review_corrected") is None
    window.act_undo.trigger()
    assert draft.value("review.cases.review_corrected") == 0


def test_enter_moves_down_and_tab_skips_totals(window):
    view = type_into_cell(window, "apply.new_received.other", "1")
    assert view.model().value_cell(view.currentIndex()).id == "apply.carried_over.other"
    # 总计 is computed and the next row starts with a label: Tab lands on the next row's first value
    view = type_into_cell(window, "apply.new_received.other", "1", Qt.Key.Key_Tab)
    assert view.model().value_cell(view.currentIndex()).id == "apply.carried_over.natural"
