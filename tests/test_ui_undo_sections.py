"""Undo of section edits on the legacy sections page and of the 前言 on the 基本信息 page, through
the window's 撤销/重做: the pages follow the sections put back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog

from forms.draftjson import to_dict
from forms.model import Paragraph
from ui.driving import type_section_text, type_text


def titles(window) -> list[str]:
    lst = window.shell.section_list
    return [lst.item(i).text() for i in range(lst.count())]


def test_removing_a_section_with_its_text_is_undone_with_its_page(qtbot, open_window, monkeypatch):
    window = open_window(("测试镇人民政府", "乡镇", 2017, "legacy"), message_boxes_answered=True)
    draft = window.doc.draft
    window.shell.go_to("sections")
    page = window.shell.pages["sections"]
    page.list.setCurrentRow(len(draft.sections) - 1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("八、其他需要报告的事项", True))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "八、其他需要报告的事项" in titles(window), timeout=1000)
    key = draft.sections[-1].key
    type_section_text(window, key, "本年度无其他需要报告的事项。")
    with_text = to_dict(draft)

    window.shell.go_to("sections")
    page = window.shell.pages["sections"]
    page.list.setCurrentRow(len(draft.sections) - 1)
    page.remove_section(confirm=False)
    qtbot.waitUntil(lambda: "八、其他需要报告的事项" not in titles(window), timeout=1000)

    window.act_undo.trigger()  # the removal
    assert to_dict(draft) == with_text
    qtbot.waitUntil(lambda: "八、其他需要报告的事项" in titles(window), timeout=1000)
    section_page = window.shell.pages[f"sec:{key}"]
    assert section_page.before.paragraphs() == [Paragraph("本年度无其他需要报告的事项。")]
    window.act_undo.trigger()  # the typing
    assert draft.section(key).before == []
    window.act_undo.trigger()  # the new section
    assert key not in {s.key for s in draft.sections}
    qtbot.waitUntil(lambda: "八、其他需要报告的事项" not in titles(window), timeout=1000)
    window.act_redo.trigger()
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert to_dict(draft)["sections"] == {**with_text, **to_dict(draft)}["sections"]
    assert key not in {s.key for s in draft.sections}  # the removal redone last


def test_preface_typing_and_reset_are_undone(qtbot, open_window):
    window = open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)  # Ctrl+Z is the window's
    draft = window.doc.draft
    window.shell.go_to("meta")
    meta = window.shell.pages["meta"]
    editor = meta.preface.edit
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    type_text(editor, "特此报告。")
    assert draft.preface is not None and draft.preface[-1].text.endswith("特此报告。")
    qtbot.mouseClick(meta.preface_reset, Qt.MouseButton.LeftButton)
    assert draft.preface is None
    assert not meta.preface.plain_text().endswith("特此报告。")
    window.act_undo.trigger()  # the reset (the focus is on the button)
    assert draft.preface is not None and meta.preface.plain_text().endswith("特此报告。")
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the typing
    assert draft.preface is None and not meta.preface.plain_text().endswith("特此报告。")
