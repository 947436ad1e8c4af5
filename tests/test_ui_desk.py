"""The window as a clerk's Office tools are (issue 10): a layout that stays put, a small screen,
未开始 for untouched sections, plain messages, 检查全部, the recovery copy's time, remembered panes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from ui.driving import type_into_cell, type_section_text

REPORT = ("测试镇人民政府", "乡镇", 2024, "gov2021")
#: 1280×720 at 150 % is 853×480 logical pixels; less a title bar and the taskbar
SMALL_SCREEN_HEIGHT = 480 - 30 - 32
SMALL_SCREEN_WIDTH = 853


def badge(w, page_id: str) -> str:
    return w.shell.section_list.badge(page_id)


def listed(w) -> list[str]:
    return [f.rule for f in w.shell.findings.model.findings]


def test_a_new_report_reads_not_started_until_a_section_is_visited(open_window):
    w = open_window(REPORT)
    for key in ("problems", "other", "apply", "overview"):
        assert badge(w, f"sec:{key}") == "未开始", key
    assert not any(f.rule == "G3" for f in w.shell.findings.model.findings)
    w.shell.go_to("sec:problems")
    assert badge(w, "sec:problems") == "1个错误"  # visited: the empty mandatory section is an error now
    assert badge(w, "sec:other") == "未开始"
    assert [f.fields for f in w.shell.findings.model.findings if f.rule == "G3"] == [("section.problems",)]


def test_check_all_f7_shows_every_finding(open_window, qtbot):
    w = open_window(REPORT)
    w.activateWindow()
    assert w.desk.act_check_all.shortcut().toString() == "F7"
    w.desk.act_check_all.trigger()
    assert len(w.shell.findings.model.findings) == len(w.doc.findings)
    assert badge(w, "sec:other").endswith("个错误")
    assert "检查全部" in w.statusBar().currentMessage()


def test_export_shows_every_finding(open_window, monkeypatch):
    from ui.export_dialog import ExportDialog

    w = open_window(REPORT)
    monkeypatch.setattr(ExportDialog, "exec", lambda self: 0)
    w.export()
    assert badge(w, "sec:problems") == "1个错误"


def test_messages_are_plain_chinese_with_the_rule_for_reviewers(open_window):
    w = open_window(REPORT)
    w.shell.check_all()
    model = w.shell.findings.model
    assert model.rowCount() > 3
    for row in range(model.rowCount()):
        index = model.index(row)
        shown = index.data(Qt.ItemDataRole.DisplayRole)
        assert not re.search(r"(错误|警告|提示)\s*[A-Z]\d", shown) and not re.match(r"[A-Z]\d", shown), shown
        rule = model.findings[row].rule
        assert rule in index.data(Qt.ItemDataRole.ToolTipRole)
        assert rule not in shown


def test_findings_are_not_cut_in_a_narrow_panel(open_window, qtbot):
    w = open_window(REPORT)
    w.shell.check_all()
    w.shell.splitter.setSizes([150, 600, 180])
    qtbot.wait(50)
    view = w.shell.findings.view
    fm = view.fontMetrics()
    index = view.model().index(0)
    text = index.data()
    rect = view.visualRect(index)
    # the row is as tall as its wrapped message: at least as many lines as the width needs
    lines_needed = fm.horizontalAdvance(text) // max(rect.width(), 1)
    assert rect.height() >= lines_needed * fm.lineSpacing()


def test_the_acknowledge_dialog_names_its_warning(open_window, monkeypatch):
    w = open_window(REPORT)
    type_section_text(w, "other", "本年度无其他事项。")
    panel = w.shell.findings
    row = panel.row_of("G9")
    panel.view.setCurrentIndex(panel.model.index(row))
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda parent, title, label, **k: asked.append(label) or ("", False))
    panel.ack_button.click()
    [label] = asked
    assert panel.model.findings[row].message in label


def _places(w, widgets: list[QWidget]) -> list[tuple[int, int]]:
    return [(wd.mapTo(w, QPoint(0, 0)).y(), wd.height()) for wd in widgets]


def test_the_page_does_not_move_when_findings_come_and_go(open_window, qtbot):
    """Acceptance 3: the table and the texts keep their place as findings appear and go: the
    section's G3 under its title, then an A1 error of its cells in 检查结果."""
    w = open_window(REPORT)
    w.shell.go_to("sec:apply")
    page = w.shell.pages["sec:apply"]
    qtbot.wait(20)
    assert page.notice.text()  # G3: the table and the texts are empty
    widgets = [page.before.edit, page.table_block.view, page.after.edit]
    before = _places(w, widgets)
    page.table_block.fill_button.click()
    qtbot.wait(20)
    assert not page.notice.text()
    assert _places(w, widgets) == before
    type_into_cell(w, "apply.new_received.natural", "12")  # the totals no longer add up: A1
    qtbot.wait(20)
    assert "A1" in listed(w)
    assert _places(w, widgets) == before
    type_into_cell(w, "apply.new_received.natural", "0")
    qtbot.wait(20)
    assert "A1" not in listed(w)
    assert _places(w, widgets) == before


def test_the_text_page_does_not_move_when_its_error_goes(open_window, qtbot):
    w = open_window(REPORT)
    w.shell.go_to("sec:problems")
    page = w.shell.pages["sec:problems"]
    qtbot.wait(20)
    assert page.notice.text()
    before = _places(w, [page.before.edit])
    type_section_text(w, "problems", "一是公开内容不够全面。")
    qtbot.wait(20)
    assert not any(f.rule == "G3" and "section.problems" in f.fields for f in w.doc.findings)
    assert _places(w, [page.before.edit]) == before


@pytest.mark.parametrize("page_id", ["meta", "last_year", "sec:overview", "sec:apply", "preview"])
def test_the_window_fits_1280x720_at_150_percent(open_window, qtbot, page_id):
    w = open_window(REPORT)
    w.shell.go_to(page_id)
    assert w.minimumSizeHint().height() <= SMALL_SCREEN_HEIGHT
    assert w.minimumSizeHint().width() <= SMALL_SCREEN_WIDTH
    w.resize(SMALL_SCREEN_WIDTH, SMALL_SCREEN_HEIGHT)
    qtbot.waitUntil(lambda: w.height() <= SMALL_SCREEN_HEIGHT, timeout=1000)
    qtbot.wait(20)
    inside = w.rect()
    for widget in (w.shell.prev_button, w.shell.next_button, w.shell.export_button, w.statusBar()):
        where = widget.rect().translated(widget.mapTo(w, QPoint(0, 0)))
        assert widget.isVisible() and inside.contains(where), widget


def test_the_findings_pane_keeps_its_width(open_window, tmp_path):
    w = open_window(REPORT)
    w.resize(1400, 850)  # room for the page beside the panes, as on a clerk's screen
    splitter = w.shell.splitter
    splitter.setSizes([150, 800, 300])
    splitter.splitterMoved.emit(950, 2)
    sizes = splitter.sizes()
    w.doc.set_modified(False)
    w.close()
    again = open_window(REPORT)
    again.resize(1400, 850)
    kept = again.shell.splitter.sizes()
    assert (kept[0], kept[2]) == (sizes[0], sizes[2])  # the page in the middle takes what is left


def test_the_status_bar_says_when_the_recovery_copy_was_written(open_window, qtbot):
    w = open_window(REPORT)
    assert w.desk.journal_label.text() == ""
    type_section_text(w, "overview", "本年度工作情况。")
    qtbot.waitUntil(lambda: w.desk.journal_label.text().startswith("已保存恢复副本"), timeout=3000)
    assert re.search(r"\d\d:\d\d$", w.desk.journal_label.text())


def test_from_last_year_asks_first_and_cancel_makes_nothing(open_window, tmp_path, monkeypatch):
    import datetime as dt

    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from forms.draftfile import save_draft
    from forms.model import new_draft

    w = open_window(message_boxes_answered=True)
    last = new_draft("gov2021", "测试镇人民政府", 2024)
    last.meta.date = dt.date(2025, 1, 20)
    last.meta.signature = "测试镇人民政府"
    path = tmp_path / "2024.nianbao"
    save_draft(last, path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    asked = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: asked.append(box.informativeText()) or QMessageBox.StandardButton.Cancel
    )
    assert not w.new_from_last_year()
    assert w.doc is None
    [shown] = asked
    assert "2025 年" in shown and "测试镇人民政府" in shown and "2026年1月20日" in shown
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Ok)
    assert w.new_from_last_year()
    assert w.doc.draft.meta.date == dt.date(2026, 1, 20) and w.doc.draft.meta.signature == "测试镇人民政府"


def test_file_dialogs_start_in_documents_then_the_last_folder(tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from ui.settings import AppSettings

    documents = tmp_path / "文档"
    documents.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(
        QStandardPaths,
        "writableLocation",
        lambda where: str(documents) if where == QStandardPaths.StandardLocation.DocumentsLocation else real(where),
    )
    settings = AppSettings(tmp_path / "settings.ini")
    assert settings.last_folder() == str(documents)  # not the home folder
    settings.set_last_folder(tmp_path)
    assert settings.last_folder() == str(tmp_path)


def test_a_folder_that_cannot_be_opened_is_said(open_window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from ui.export_dialog import ExportDialog

    w = open_window(REPORT, message_boxes_answered=True)
    dialog = ExportDialog(w.doc, w.settings, w)
    dialog.written = [tmp_path / "报告.docx"]
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    said = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    dialog.open_folder()
    assert said == ["无法打开所在文件夹。"]


def test_the_summary_windows_dialogs_start_in_the_last_folder(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.settings import AppSettings
    from ui.summary.window import SummaryWindow

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "各单位"
    folder.mkdir()
    settings = AppSettings()
    settings.set_last_folder(folder)
    settings.sync()
    window = SummaryWindow()
    qtbot.addWidget(window)
    started = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda parent, title, start, *a: started.append(start) or ("", "")
    )
    assert not window.load_roster(None)
    assert started == [str(folder)]


def test_the_export_dialog_fits_the_small_screen(open_window):
    from ui.export_dialog import ExportDialog

    w = open_window(REPORT)
    dialog = ExportDialog(w.doc, w.settings, w)
    assert dialog.minimumSizeHint().height() <= SMALL_SCREEN_HEIGHT
    assert dialog.height() <= w.screen().availableGeometry().height()
