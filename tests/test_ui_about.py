"""The About dialog names the version (packaging: the installed version must be visible)."""

from PySide6.QtWidgets import QMessageBox

import forms
from ui.main_window import MainWindow
from ui.settings import AppSettings


def test_about_shows_the_version(qtbot, monkeypatch, tmp_path):
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())) or 0)
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    window.show_about()
    [(text, detail)] = shown
    assert forms.__version__ in text
    assert "Qt" in detail
