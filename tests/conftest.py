import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def open_window(qtbot, qapp, tmp_path, monkeypatch):
    """Make the main window as a clerk meets it, with its settings and journal in ``tmp_path``.

    A modal dialog the test did not expect fails the test (pass ``message_boxes_answered=True``
    when the test answers QMessageBox itself). ``report=(org, level, year, format)`` opens a new
    report. Windows are closed without asking at the end.
    """
    from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

    from forms.journal import Journal
    from ui.app import configure_application
    from ui.main_window import MainWindow
    from ui.settings import AppSettings

    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "data"))
    configure_application(qapp)
    made = []

    def unexpected(*args, **kwargs):
        raise AssertionError("a modal dialog opened that the test did not expect")

    def make(report=None, *, message_boxes_answered=False):
        forbidden = [(QDialog, "exec"), (QInputDialog, "getText")]
        if not message_boxes_answered:
            forbidden.append((QMessageBox, "exec"))
        for cls, name in forbidden:
            monkeypatch.setattr(cls, name, unexpected)
        w = MainWindow(AppSettings(tmp_path / "settings.ini"), Journal(tmp_path / "data"))
        w.show()
        if report is not None:
            w.new_report(*report)
            w.activateWindow()
        made.append(w)
        return w

    yield make
    for w in made:
        if w.doc is not None:
            w.commit_edits()
            w.doc.set_modified(False)  # closing must not ask; pytest-qt would close it first
        w.close()
        w.deleteLater()


@pytest.fixture
def active_report_window(open_window, qtbot):
    """A new gov2021 report in the active window: Ctrl+Z and Ctrl+Y are the window's shortcuts."""
    from PySide6.QtWidgets import QApplication

    w = open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    return w
