"""The table as a clerk used to Excel/WPS drives it: key events into the real view and its editor,
the real clipboard, Ctrl+Z/Ctrl+Y through the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from forms.draftjson import to_dict
from forms.values import Invalid
from ui.driving import start_typing_into_cell, table_view, type_into_cell

COUNTY = Path(__file__).parent / "fixtures" / "paste" / "county_apply.tsv"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(active_report_window):
    return active_report_window


def current_id(view) -> str:
    return view.model().value_cell(view.currentIndex()).id


def editor_of(view) -> QLineEdit | None:
    return view.open_editor()


def test_enter_moves_down_shift_enter_up_tab_right_shift_tab_left(window):
    view = type_into_cell(window, "apply.new_received.natural", "3")
    assert window.doc.draft.value("apply.new_received.natural") == 3
    assert current_id(view) == "apply.carried_over.natural"  # down, not right
    QTest.keyClick(view, Qt.Key.Key_Return)  # no editor open: Enter moves down too
    assert current_id(view) == "apply.r_granted.natural"  # past the 三、本年度办理结果 label
    QTest.keyClick(view, Qt.Key.Key_Return, SHIFT)
    assert current_id(view) == "apply.carried_over.natural"
    QTest.keyClick(view, Qt.Key.Key_Tab)
    assert current_id(view) == "apply.carried_over.business"
    QTest.keyClick(view, Qt.Key.Key_Backtab, SHIFT)
    assert current_id(view) == "apply.carried_over.natural"
    # Shift+Enter in an open editor enters the figure, then moves up
    editor = start_typing_into_cell(window, "apply.carried_over.natural", "4")
    QTest.keyClick(editor, Qt.Key.Key_Return, SHIFT)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.carried_over.natural") == 4
    assert current_id(view) == "apply.new_received.natural" and view.open_editor() is None
    # Tab in an open editor enters it and moves right
    editor = start_typing_into_cell(window, "apply.new_received.business", "5")
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.new_received.business") == 5
    assert current_id(view) == "apply.new_received.research"


def test_enter_skips_the_computed_total_row(window):
    view = type_into_cell(window, "apply.r_other_other.natural", "1")
    # （七）总计 is computed (grey, read only): Enter goes on to 四、结转下年度继续办理
    assert current_id(view) == "apply.carried_forward.natural"
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert current_id(view) == "apply.carried_forward.natural"  # the last row: Enter stays


def test_typing_over_a_selected_cell_replaces_it_also_through_an_input_method(window):
    type_into_cell(window, "apply.new_received.natural", "8")
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.natural")
    QTest.keyClick(view, Qt.Key.Key_2)  # no F2, no double click: the key replaces the 8
    editor = view.open_editor()
    assert editor is not None and editor.text() == "2"
    QTest.keyClicks(editor, "7")  # the editor has the focus now
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.new_received.natural") == 27
    view.select_cell("apply.new_received.natural")
    event = QInputMethodEvent()
    event.setCommitString("１２")  # a Chinese input method commits full-width digits
    QApplication.sendEvent(view, event)
    editor = view.open_editor()
    assert editor is not None and editor.text() == "１２"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.new_received.natural") == 12
    assert current_id(view) == "apply.carried_over.natural"


def test_an_input_methods_composing_text_opens_the_editor_over_the_cell(window):
    type_into_cell(window, "apply.new_received.natural", "8")
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.natural")
    composing = QInputMethodEvent("shi", [])  # pinyin being composed, not yet committed
    QApplication.sendEvent(view, composing)
    editor = view.open_editor()
    assert editor is not None and editor.text() == ""  # the 8 is replaced, the pinyin is composing in it
    done = QInputMethodEvent()
    done.setCommitString("十")
    QApplication.sendEvent(editor, done)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.new_received.natural") == Invalid("十")  # refused, kept as typed


def test_f2_edits_in_place(window):
    type_into_cell(window, "apply.new_received.natural", "12")
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.natural")
    QTest.keyClick(view, Qt.Key.Key_F2)
    editor = view.open_editor()
    assert editor is not None and not editor.hasSelectedText() and editor.cursorPosition() == 2
    QTest.keyClicks(editor, "3")
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.doc.draft.value("apply.new_received.natural") == 123


def test_delete_clears_a_block_and_one_undo_brings_it_back(window):
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.natural")
    QGuiApplication.clipboard().setText("1\t2\t3\n4\t5\t6\n")
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    model = view.model()
    view.selectionModel().clear()
    top, bottom = model.index_of("apply.new_received.natural"), model.index_of("apply.carried_over.business")
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    view.setCurrentIndex(top)
    view.selectionModel().select(QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    values = window.doc.draft.table("apply").values
    assert values == {"apply.new_received.research": 3, "apply.carried_over.research": 6}
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert len(window.doc.draft.table("apply").values) == 6


def test_the_county_sheet_pasted_with_ctrl_v_lands_by_its_labels(window):
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.r_np_repeat.research")  # anywhere: the labels say where the figures go
    QGuiApplication.clipboard().setText(COUNTY.read_bytes().decode("utf-8"))  # CRLF kept, as Excel copies
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    draft = window.doc.draft
    assert draft.value("apply.new_received.natural") == 12
    assert draft.value("apply.new_received.business") == 3
    assert draft.value("apply.new_received.public_welfare") == 1
    assert draft.value("apply.carried_over.natural") == 1
    assert draft.value("apply.r_granted.natural") == 6 and draft.value("apply.r_granted.business") == 2
    assert draft.value("apply.r_partial.natural") == 2
    assert draft.value("apply.r_unable_not_held.business") == 1
    assert draft.value("apply.r_np_petition.natural") == 1
    assert draft.value("apply.r_other_other.other") == 0
    assert draft.value("apply.carried_forward.natural") == 1
    values = draft.table("apply").values
    assert len(values) == 144 and not any(isinstance(v, Invalid) for v in values.values())
    assert not any(".total" in cid or ".r_total." in cid for cid in values)  # the totals stay the app's
    model = view.model()
    assert model.index_of("apply.r_total.total").data() == "16"
    assert "按行列标题对应" in window.statusBar().currentMessage()
    assert "31 个合计与程序算出的一致" in window.statusBar().currentMessage()
    assert not [f for f in window.doc.findings if f.rule in ("A1", "A2", "A3")]
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)  # one paste, one undo step
    assert draft.table("apply").values == {}


def test_a_block_wider_than_the_table_says_what_it_could_not_place(window):
    view = table_view(window, "apply.new_received.natural")
    view.select_cell("apply.new_received.legal_service")
    QGuiApplication.clipboard().setText("1\t2\t3\t4\t5\r\n6\t7\t8\t9\t10\r\n")
    QTest.keyClick(view, Qt.Key.Key_V, CTRL)
    draft = window.doc.draft
    assert draft.value("apply.new_received.legal_service") == 1 and draft.value("apply.carried_over.other") == 7
    report = "；".join(view.last_paste)
    assert "4 个内容未能粘贴" in report and "第1行第4列“4”（超出表格）" in report
    boxes = [b for b in view.findChildren(QMessageBox) if b.objectName() == "paste_report"]
    assert boxes and boxes[0].isVisible() and "4 个内容未能粘贴" in boxes[0].informativeText()
    boxes[0].accept()


def test_a_refused_entry_is_its_own_undo_step(window):
    type_into_cell(window, "apply.new_received.natural", "1")
    type_into_cell(window, "apply.new_received.business", "2件x")  # refused, kept as typed
    draft = window.doc.draft
    assert draft.value("apply.new_received.business") == Invalid("2件x")
    before = to_dict(draft)
    view = type_into_cell(window, "apply.new_received.business", "还是不对")
    assert current_id(view) == "apply.new_received.business"  # Enter stays on a refused entry
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert to_dict(draft) == before  # the second refused entry undone, not the 1 before it
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert draft.value("apply.new_received.business") is None and draft.value("apply.new_received.natural") == 1
    window.act_redo.trigger()
    assert draft.value("apply.new_received.business") == Invalid("2件x")
