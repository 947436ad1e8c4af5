"""Driving the window as a clerk does — key events into the real editors — for the end-to-end
test hook and the pytest-qt tests (one implementation, so both exercise the same path)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from ui import routing
from ui.main_window import MainWindow
from ui.table_view import ReportTableView
from ui.text_page import SectionPage


def type_text(widget: QWidget, text: str) -> None:
    """Type as a clerk does: ASCII as key clicks, Chinese and full-width text as an input method
    (IME) commits it.  QTest.keyClicks cannot send non-ASCII characters (Qt asserts)."""
    run = ""
    for ch in text + "\0":
        if ch != "\0" and not ch.isascii():
            run += ch
            continue
        if run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)
            run = ""
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        elif ch != "\0":
            QTest.keyClicks(widget, ch)


def table_view(window: MainWindow, cell_id: str) -> ReportTableView:
    """Go to the page that holds the cell and return its table view."""
    assert window.shell is not None and window.doc is not None
    page_id = routing.table_page(window.doc.draft.fmt, cell_id.split(".", 1)[0])
    window.shell.go_to(page_id)
    page = window.shell.pages[page_id]
    block = page.table_block  # type: ignore[attr-defined]  # the section and attachment pages have one
    view = block.view
    assert isinstance(view, ReportTableView)
    return view


def start_typing_into_cell(window: MainWindow, cell_id: str, text: str) -> QLineEdit:
    """Select the cell, open its editor and type the text key by key, without Enter: the editor stays open."""
    view = table_view(window, cell_id)
    view.select_cell(cell_id)
    view.edit(view.currentIndex())
    # the cell's editor (not whatever had focus before: offscreen windows are not always active)
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, editors
    editor = editors[0]
    editor.setFocus()
    editor.selectAll()
    type_text(editor, text)
    return editor


def type_into_cell(window: MainWindow, cell_id: str, text: str, key: Qt.Key = Qt.Key.Key_Return) -> QWidget:
    """Select the cell, open its editor, type the text key by key and press Enter (or ``key``)."""
    editor = start_typing_into_cell(window, cell_id, text)
    QTest.keyClick(editor, key)
    QApplication.processEvents()  # the delegate commits Enter through a queued call
    return table_view(window, cell_id)


def type_section_text(window: MainWindow, key: str, text: str) -> SectionPage:
    assert window.shell is not None
    page_id = routing.section_page(key)
    window.shell.go_to(page_id)
    page = window.shell.pages[page_id]
    assert isinstance(page, SectionPage)
    page.before.edit.setFocus()
    page.before.edit.moveCursor(page.before.edit.textCursor().MoveOperation.End)
    type_text(page.before.edit, text)
    return page
