"""Undo in the text editor: Ctrl+Z in the editor takes back typing, levels, split and joined
paragraphs as steps of the report's one undo stack; a heading stays a heading."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from forms.model import Paragraph
from ui.driving import type_text

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(active_report_window):
    return active_report_window


def problems_editor(window, paragraphs):
    page = window.shell.pages["sec:problems"]
    window.shell.go_to("sec:problems")
    editor = page.before
    editor.set_paragraphs(paragraphs)
    editor.changed.emit()  # as if typed: the draft holds them, one undo step
    window.doc.undo_stack.clear()
    editor.edit.setFocus()
    return editor


def put_cursor(editor, block: int, column: int | None = None) -> None:
    doc = editor.edit.document()
    b = doc.findBlockByNumber(block)
    cursor = editor.edit.textCursor()
    cursor.setPosition(b.position() + (b.length() - 1 if column is None else column))
    editor.edit.setTextCursor(cursor)


def undo_key(editor) -> None:
    QTest.keyClick(editor.edit, Qt.Key.Key_Z, CTRL)
    QApplication.processEvents()


def test_undoing_typing_keeps_a_heading_a_heading(window):
    editor = problems_editor(window, [Paragraph("存在的问题", 0), Paragraph("（四）改进措施", 2)])
    put_cursor(editor, 1)
    type_text(editor.edit, "和计划")
    section = window.doc.draft.section("problems")
    assert section.before[1] == Paragraph("（四）改进措施和计划", 2)
    undo_key(editor)
    assert section.before == [Paragraph("存在的问题", 0), Paragraph("（四）改进措施", 2)]
    assert editor.paragraphs() == section.before  # the editor shows it, level and all
    assert editor.edit.document().findBlockByNumber(1).userState() == 2
    QTest.keyClick(editor.edit, Qt.Key.Key_Y, CTRL)
    assert section.before[1] == Paragraph("（四）改进措施和计划", 2)


def test_a_level_change_is_undone_by_itself(window):
    editor = problems_editor(window, [Paragraph("一、总体情况", 0), Paragraph("正文一段。", 0)])
    put_cursor(editor, 0)
    editor.set_level(1)
    section = window.doc.draft.section("problems")
    assert [p.level for p in section.before] == [1, 0]
    type_text(editor.edit, "补充")
    undo_key(editor)  # the typing
    assert section.before[0] == Paragraph("一、总体情况", 1)
    undo_key(editor)  # the level
    assert [p.level for p in section.before] == [0, 0]
    assert [editor.edit.document().findBlockByNumber(i).userState() for i in (0, 1)] == [0, 0]


def test_splitting_and_joining_paragraphs_are_undone(window):
    editor = problems_editor(window, [Paragraph("（一）第一项内容第二项内容", 2)])
    section = window.doc.draft.section("problems")
    put_cursor(editor, 0, len("（一）第一项内容"))
    QTest.keyClick(editor.edit, Qt.Key.Key_Return)
    assert [p.text for p in section.before] == ["（一）第一项内容", "第二项内容"]
    undo_key(editor)
    assert section.before == [Paragraph("（一）第一项内容第二项内容", 2)]
    # joining: Backspace at the start of the second paragraph
    editor.set_paragraphs([Paragraph("（二）标题", 2), Paragraph("接着的正文。", 0)])
    editor.changed.emit()
    put_cursor(editor, 1, 0)
    QTest.keyClick(editor.edit, Qt.Key.Key_Backspace)
    assert [p.text for p in section.before] == ["（二）标题接着的正文。"]
    undo_key(editor)
    assert section.before == [Paragraph("（二）标题", 2), Paragraph("接着的正文。", 0)]
    assert editor.paragraphs() == section.before
    cursor = editor.edit.textCursor()
    assert cursor.block().blockNumber() == 1 and cursor.positionInBlock() == 0  # where it was


def test_enter_at_the_start_of_a_heading_keeps_it_a_heading(window):
    editor = problems_editor(window, [Paragraph("正文一段。", 0), Paragraph("（四）改进措施", 2)])
    put_cursor(editor, 1, 0)
    QTest.keyClick(editor.edit, Qt.Key.Key_Return)  # an empty line above the heading
    assert editor.paragraphs()[1] == Paragraph("（四）改进措施", 2)
    QTest.keyClick(editor.edit, Qt.Key.Key_Up)
    type_text(editor.edit, "补充一句。")
    section = window.doc.draft.section("problems")
    assert section.before == [Paragraph("正文一段。", 0), Paragraph("补充一句。", 0), Paragraph("（四）改进措施", 2)]
    undo_key(editor)
    assert section.before == [Paragraph("正文一段。", 0), Paragraph("（四）改进措施", 2)]


def test_undo_takes_back_the_last_sentence_typed_not_the_whole_paragraph(window):
    editor = problems_editor(window, [Paragraph("（一）存在的问题", 2), Paragraph("一是", 0)])
    put_cursor(editor, 1)
    for ch in "培训不足。二是宣传不够。三是":
        type_text(editor.edit, ch)  # key by key, as typed
    section = window.doc.draft.section("problems")
    assert section.before[1].text == "一是培训不足。二是宣传不够。三是"
    undo_key(editor)
    assert section.before[1].text == "一是培训不足。二是宣传不够。"
    undo_key(editor)
    assert section.before[1].text == "一是培训不足。"
    undo_key(editor)
    assert section.before == [Paragraph("（一）存在的问题", 2), Paragraph("一是", 0)]


def test_undo_of_typing_in_a_paragraph_is_one_step_and_does_not_touch_others(window):
    editor = problems_editor(window, [Paragraph("甲", 0), Paragraph("乙", 3)])
    put_cursor(editor, 1)
    type_text(editor.edit, "一二三")
    undo_key(editor)
    section = window.doc.draft.section("problems")
    assert section.before == [Paragraph("甲", 0), Paragraph("乙", 3)]
    assert not window.doc.undo_stack.canUndo()
