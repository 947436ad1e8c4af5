"""The screen is the draft: what is typed and not yet entered is saved, asked about on close, and
journaled (issue 8, point 1). Driven as a clerk does: keys into the open editor, an input
method's commit for Chinese, then the window's own actions and shortcuts."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.draftfile import load_draft
from forms.values import Invalid
from ui.driving import start_typing_into_cell, table_view, type_section_text, type_text

CELL = "apply.new_received.natural"


@pytest.fixture
def answers(monkeypatch):
    """Message boxes answered with the button a test queues; each shown box is recorded."""
    shown: list[tuple[str, list[str]]] = []
    queued: list[QMessageBox.StandardButton] = []

    def answer(box):
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        return queued.pop(0) if queued else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown, queued


@pytest.fixture
def saved(open_window, tmp_path):
    """A window with a report already saved to a file."""
    window = open_window(("提交测试镇人民政府", "乡镇", 2024, "gov2021"), message_boxes_answered=True)
    path = tmp_path / "提交.nianbao"
    assert window._save_to(path)
    return window, path


def stored(path, cell=CELL):
    return json.loads(path.read_text(encoding="utf-8"))["tables"]["apply"]["values"].get(cell)


def test_a_figure_typed_without_enter_is_in_the_file_after_ctrl_s(saved, answers):
    window, path = saved
    editor = start_typing_into_cell(window, CELL, "１２")  # full-width, through the input method
    assert window.doc.draft.value(CELL) is None  # not entered yet
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored(path) == 12
    assert not window.isWindowModified()
    assert "已保存" in window.statusBar().currentMessage()
    assert answers[0] == []


def test_a_refused_entry_typed_without_enter_is_saved_as_typed(saved, answers):
    window, path = saved
    editor = start_typing_into_cell(window, CELL, "8件")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored(path) == "8件"
    assert load_draft(path).value(CELL) == Invalid("8件")


def test_closing_with_an_open_editor_asks_and_save_writes_it(saved, answers):
    window, path = saved
    shown, queued = answers
    start_typing_into_cell(window, CELL, "7")
    queued.append(QMessageBox.StandardButton.Save)
    window.act_quit.trigger()
    assert len(shown) == 1 and "尚未保存" in shown[0][0]
    assert {"保存", "不保存", "取消"} <= set(shown[0][1])
    assert stored(path) == 7
    assert not window.isVisible()


def test_closing_and_cancelling_keeps_the_window_and_the_figure(saved, answers):
    window, path = saved
    shown, queued = answers
    start_typing_into_cell(window, CELL, "9")
    queued.append(QMessageBox.StandardButton.Cancel)
    window.close()
    assert len(shown) == 1 and window.isVisible()
    assert window.doc.draft.value(CELL) == 9 and window.isWindowModified()
    assert stored(path) is None


def test_a_paragraph_being_typed_is_asked_about_and_saved(saved, answers):
    window, path = saved
    shown, queued = answers
    type_section_text(window, "overview", "本年度我镇认真贯彻落实条例")  # an input method's commit
    queued.append(QMessageBox.StandardButton.Save)
    window.close()
    assert len(shown) == 1
    assert "本年度我镇认真贯彻落实条例" in load_draft(path).section_text("overview")


def test_a_paragraph_is_in_the_file_after_ctrl_s(saved, answers):
    window, path = saved
    page = type_section_text(window, "overview", "年内主动公开政府信息")
    QTest.keyClick(page.before.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "年内主动公开政府信息" in load_draft(path).section_text("overview")


def test_switching_section_and_export_enter_the_open_editor(saved, answers):
    window, _path = saved
    start_typing_into_cell(window, CELL, "5")
    window.shell.go_to("sec:overview")
    assert window.doc.draft.value(CELL) == 5
    view = table_view(window, CELL)
    start_typing_into_cell(window, "apply.new_received.business", "6")
    assert view.open_editor() is not None
    window.commit_edits()
    assert window.doc.draft.value("apply.new_received.business") == 6 and view.open_editor() is None


def test_what_is_typed_reaches_the_journal_before_enter_and_the_editor_stays_open(qtbot, saved, tmp_path):
    window, _path = saved
    editor = start_typing_into_cell(window, CELL, "3")
    type_text(editor, "4")
    folder = tmp_path / "data" / "recovery"

    def journaled():
        for entry in folder.glob("*.json"):
            body = json.loads(entry.read_text(encoding="utf-8"))
            if body["draft"]["tables"]["apply"]["values"].get(CELL) == 34:
                return True
        return False

    qtbot.waitUntil(journaled, timeout=3000)
    assert table_view(window, CELL).open_editor() is editor  # the clerk goes on typing
    assert window.doc.draft.value(CELL) is None
    QApplication.processEvents()
