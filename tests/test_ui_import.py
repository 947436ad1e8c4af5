"""导入已发布的报告 in the window: a file, pasted text (the clipboard, Ctrl+V), and 从上年报告新建."""

from __future__ import annotations

import pytest
from draft_factory import full_report
from import_documents import pasted_text, portal_page, varied_report
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms.render import render_docx
from forms.totals import effective_values
from ui.import_dialog import ImportChoice


@pytest.fixture
def shown(monkeypatch):
    boxes: list[str] = []

    def record(box):
        boxes.append(f"{box.text()}\n{box.informativeText()}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", record)
    return boxes


def same_tables(a, b) -> bool:
    return all(effective_values(a, t) == effective_values(b, t) for t in a.fmt.tables.values())


def test_a_portal_page_is_imported_from_the_start_page(qtbot, open_window, shown, tmp_path, monkeypatch):
    want = varied_report(full_report("gov2021"))
    page = tmp_path / "年报.htm"
    page.write_bytes(portal_page(want))
    window = open_window(message_boxes_answered=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(page), ""))

    def choose(dialog):
        qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ImportChoice, "exec", choose)
    qtbot.mouseClick(window.start_page.import_button, Qt.MouseButton.LeftButton)
    assert window.doc is not None and window.doc.path is None and window.isWindowModified()
    assert same_tables(window.doc.draft, want)
    assert window.doc.draft.imported_from == "年报.htm"
    assert want.fmt.name in shown[-1] and str(want.meta.year) in shown[-1]
    assert "首页" in shown[-1]  # what was not imported is listed for the clerk


def test_text_pasted_with_ctrl_v_is_imported(qtbot, open_window, shown, monkeypatch):
    want = varied_report(full_report("gov2019"))
    window = open_window(message_boxes_answered=True)

    def paste(dialog):
        QGuiApplication.clipboard().setText(pasted_text(want))
        dialog.paste.setFocus()
        QTest.keyClick(dialog.paste, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(ImportChoice, "exec", paste)
    window.act_import.trigger()
    assert window.doc is not None and window.doc.draft.format_id == "gov2019"
    assert same_tables(window.doc.draft, want)


def test_next_year_from_last_years_published_report(open_window, shown, tmp_path, monkeypatch):
    last = varied_report(full_report("gov2021"))
    report = tmp_path / "上年报告.docx"
    report.write_bytes(render_docx(last))
    window = open_window(message_boxes_answered=True)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(report), ""))
    window.act_from_last.trigger()
    draft = window.doc.draft
    assert draft.meta.year == last.meta.year + 1
    assert draft.last_year.carried_forward["natural"] == last.value("apply.carried_forward.natural")
    assert draft.last_year.texts  # last year's texts to compare with (G6)


def test_a_file_that_is_not_a_report_is_refused_and_nothing_opens(qtbot, open_window, shown, tmp_path, monkeypatch):
    pdf = tmp_path / "报告.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    window = open_window(message_boxes_answered=True)
    assert not window.import_report(pdf)
    assert window.doc is None
    assert "PDF" in shown[-1] and "报告.pdf" in shown[-1]
