"""The export dialog: choices, confirmation of open errors, failures that can be retried, fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from forms.render import missing_fonts
from ui.export_dialog import ExportDialog
from ui.settings import AppSettings
from ui.settings_dialog import SettingsDialog

EXAMPLE = sorted(Path("forms/examples").glob("004-*.nianbao"))[0]


class Answers:
    """Answers the message boxes the dialog shows, and remembers what they said."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes

    def __call__(self, box: QMessageBox) -> QMessageBox.StandardButton:
        self.shown.append(f"{box.text()}\n{box.informativeText()}\n{box.detailedText()}")
        return self.answer


@pytest.fixture
def answers(monkeypatch):
    a = Answers()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: a(box))
    return a


@pytest.fixture
def window(open_window):
    return open_window(message_boxes_answered=True)


def dialog_for(qtbot, window, folder: Path) -> ExportDialog:
    dialog = ExportDialog(window.doc, window.settings, window)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(folder))
    return dialog


def test_export_a_clean_report_with_chosen_encoding_and_newlines(qtbot, window, answers, tmp_path, monkeypatch):
    assert window.open_example(EXAMPLE)
    assert not window.doc.errors()
    out = tmp_path / "out"
    out.mkdir()
    dialog = dialog_for(qtbot, window, out)
    assert dialog.name.text() == "博山镇2020年政府信息公开工作年度报告"
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("gb18030"))
    dialog.newline.setCurrentIndex(dialog.newline.findData("lf"))
    dialog.kind_boxes["html"].setChecked(False)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert answers.shown == []  # no errors: nothing to confirm
    txt = (out / "博山镇2020年政府信息公开工作年度报告.txt").read_bytes()
    assert b"\r\n" not in txt and "博山镇" in txt.decode("gb18030")
    assert (out / "博山镇2020年政府信息公开工作年度报告.docx").is_file()
    assert not (out / "博山镇2020年政府信息公开工作年度报告.html").exists()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out)]
    # the choices are remembered for next time
    again = AppSettings(window.settings.path).export_choice()
    assert again["encoding"] == "gb18030" and again["newline"] == "lf" and again["html"] is False


def test_open_errors_need_an_explicit_yes(qtbot, window, answers, tmp_path):
    window.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
    errors = window.doc.errors()
    assert errors
    dialog = dialog_for(qtbot, window, tmp_path)
    assert "错误" in dialog.errors_label.text()
    answers.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(answers.shown) == 1
    assert errors[0].message in answers.shown[0]  # the errors are listed
    assert list(tmp_path.glob("*.docx")) == []
    assert not dialog.open_folder_button.isEnabled()
    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_a_failed_export_says_why_and_can_be_retried(qtbot, window, answers, tmp_path):
    assert window.open_example(EXAMPLE)
    dialog = dialog_for(qtbot, window, tmp_path)
    blocker = tmp_path / f"{dialog.name.text()}.txt"
    blocker.mkdir()  # a folder where the .txt should go: the write fails
    answers.answer = QMessageBox.StandardButton.Yes  # "replace the existing files?"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    message = answers.shown[-1]
    assert "导出失败" in message and "重试" in message and "Traceback" not in message
    assert "导出失败" in dialog.result_label.text()
    assert not dialog.open_folder_button.isEnabled()
    blocker.rmdir()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.is_file()
    assert dialog.open_folder_button.isEnabled()


def test_existing_files_are_replaced_only_when_the_clerk_says_so(qtbot, window, answers, tmp_path):
    assert window.open_example(EXAMPLE)
    dialog = dialog_for(qtbot, window, tmp_path)
    existing = tmp_path / f"{dialog.name.text()}.txt"
    existing.write_text("旧文件", encoding="utf-8")
    answers.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "已存在" in answers.shown[-1]
    assert existing.read_text(encoding="utf-8") == "旧文件"


def test_missing_template_fonts_are_named(qtbot, window, answers, tmp_path):
    assert window.open_example(EXAMPLE)
    dialog = dialog_for(qtbot, window, tmp_path)
    missing = missing_fonts(dialog.options())
    if missing:
        for font in missing:
            assert font in dialog.fonts_label.text()
    else:
        assert "都有" in dialog.fonts_label.text()


def test_settings_dialog_sets_the_deadline_the_checks_use(qtbot, window, answers):
    window.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
    meta = window.shell.pages["meta"]
    meta.has_date.setChecked(True)
    from PySide6.QtCore import QDate

    meta.date.setDate(QDate(2025, 1, 25))
    assert "G5" not in [f.rule for f in window.doc.findings]
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.use_deadline.setChecked(True)
    dialog.month.setValue(1)
    dialog.day.setValue(15)
    dialog.accept()
    window.doc.settings_changed()
    assert window.settings.deadline() == (1, 15)
    assert "G5" in [f.rule for f in window.doc.findings]
    assert any(f.rule == "G5" for f in window.shell.findings.model.findings)


def test_a_refused_template_folder_is_named_in_settings_and_asked_about_at_export(qtbot, window, answers, tmp_path):
    import shutil

    from forms.render.templates import builtin_dir

    assert window.open_example(EXAMPLE)
    fid = window.doc.draft.format_id
    own = tmp_path / "own"
    shutil.copytree(builtin_dir() / fid, own / fid)
    page = own / fid / "report.html.j2"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", '</h1><img src="http://x.example/t.png">'))
    settings = SettingsDialog(window.settings, window)
    qtbot.addWidget(settings)
    settings.template.setText(str(own))
    settings.template.editingFinished.emit()  # as when the clerk leaves the field (or picks with 选择…)
    shown_in_settings = settings.template_problems.text()
    assert "改用内置模板" in shown_in_settings and "http://x.example" in shown_in_settings
    settings.accept()
    out = tmp_path / "out"
    out.mkdir()
    dialog = dialog_for(qtbot, window, out)
    assert "http://x.example" in dialog.templates_label.text()
    answers.answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "改用内置模板" in answers.shown[-1] and "http://x.example" in answers.shown[-1]
    assert list(out.iterdir()) == []  # no silent fallback: nothing written without a yes
    dialog.kind_boxes["html"].setChecked(False)  # the Word and text templates are sound: nothing to ask
    shown = len(answers.shown)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(answers.shown) == shown and dialog.written
    dialog.kind_boxes["html"].setChecked(True)
    answers.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    html = next(p for p in dialog.written if p.suffix == ".html")
    assert "x.example" not in html.read_text(encoding="utf-8")
    assert "已改用内置模板" in dialog.result_label.text()


def test_the_files_written_are_seen_without_scrolling(qtbot, window, answers, tmp_path):
    """On a roomy screen the dialog shows all it holds; 正在导出…… and the files written sit
    outside the part that scrolls on a small screen, so the clerk sees the export end."""
    from PySide6.QtWidgets import QScrollArea

    assert window.open_example(EXAMPLE)
    out = tmp_path / "out"
    out.mkdir()
    dialog = dialog_for(qtbot, window, out)
    dialog.show()
    qtbot.waitExposed(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert not scroll.verticalScrollBar().isVisible()  # the offscreen screen is 800 px tall
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.written))
    assert not scroll.isAncestorOf(dialog.result_label)
    shown = dialog.result_label.geometry()
    assert dialog.result_label.isVisible() and dialog.rect().contains(shown)
    assert all(p.name in dialog.result_label.text() for p in dialog.written)
