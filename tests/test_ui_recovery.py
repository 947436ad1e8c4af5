"""Nothing typed is lost beyond about two seconds: the recovery journal and the next start's offer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from forms.journal import Journal
from forms.model import new_draft
from ui.app import configure_application
from ui.document import JOURNAL_DELAY_MS
from ui.driving import type_into_cell, type_section_text
from ui.main_window import MainWindow
from ui.settings import AppSettings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def no_modals(monkeypatch):
    def unexpected(*args, **kwargs):
        raise AssertionError("a modal dialog opened that the test did not expect")

    for cls, name in ((QMessageBox, "exec"), (QDialog, "exec"), (QInputDialog, "getText")):
        monkeypatch.setattr(cls, name, unexpected)


def start_window(qapp, data_dir: Path) -> MainWindow:
    configure_application(qapp)
    w = MainWindow(AppSettings(), Journal(data_dir))
    w.show()
    return w


def close_window(w: MainWindow) -> None:
    if w.doc is not None:
        w.doc.set_modified(False)
    w.close()
    w.deleteLater()


def test_journal_delay_is_within_two_seconds():
    assert JOURNAL_DELAY_MS <= 2000


def test_an_edit_reaches_the_journal_within_two_seconds(qtbot, qapp, data_dir, no_modals):
    w = start_window(qapp, data_dir)
    try:
        w.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
        type_into_cell(w, "apply.new_received.natural", "7")
        started = time.monotonic()
        qtbot.waitUntil(lambda: any((data_dir / "recovery").glob("*.json")), timeout=2000)
        assert time.monotonic() - started <= 2.0
        w.journal.close()  # as if this run ended now: another run sees what it wrote
        assert Journal(data_dir).pending()[0].draft.value("apply.new_received.natural") == 7
    finally:
        close_window(w)


def test_saving_clears_the_journal_entry(qtbot, qapp, data_dir, tmp_path, no_modals):
    w = start_window(qapp, data_dir)
    try:
        w.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
        type_section_text(w, "overview", "本年度")
        w.doc.flush_journal()
        w.journal.close()  # what it wrote is what a crash now would leave
        assert Journal(data_dir).pending()
        w._save_to(tmp_path / "a.nianbao")
        assert Journal(data_dir).pending() == []
    finally:
        close_window(w)


def test_the_next_start_offers_and_restores_an_unsaved_draft(qtbot, qapp, data_dir, no_modals):
    first = start_window(qapp, data_dir)
    first.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
    type_into_cell(first, "apply.new_received.natural", "１２")
    first.doc.flush_journal()
    first.journal.close()  # its run ends: the operating system lets go of its locks
    first.deleteLater()  # gone without saving and without asking, as after a crash

    w = start_window(qapp, data_dir)
    try:
        start = w.start_page
        assert start.recovery_box.isVisibleTo(w) and start.recovery_list.count() == 1
        assert "测试镇人民政府" in start.recovery_list.item(0).text()
        qtbot.mouseClick(start.recover_button, Qt.MouseButton.LeftButton)
        assert w.doc is not None and w.doc.draft.value("apply.new_received.natural") == 12
        assert w.isWindowModified()  # restored, not saved: the clerk still has to save
        # the restored draft is journalled by this run; the old entry is not offered twice
        w.journal.close()
        assert len(Journal(data_dir).pending()) == 1
    finally:
        close_window(w)


def test_discarding_a_recovery_removes_it(qtbot, qapp, data_dir, monkeypatch):
    Journal(data_dir).record(new_draft("gov2021", "某镇", 2024), None)
    w = start_window(qapp, data_dir)
    try:
        assert w.start_page.recovery_list.count() == 1
        monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(w.start_page.discard_button, Qt.MouseButton.LeftButton)
        assert Journal(data_dir).pending() == []
        assert not w.start_page.recovery_box.isVisibleTo(w)
    finally:
        close_window(w)


@pytest.mark.slow
def test_values_typed_three_seconds_before_a_kill_are_offered_again(qtbot, qapp, data_dir, tmp_path, no_modals):
    script = tmp_path / "hook.json"
    script.write_text(
        json.dumps(
            {
                "new": {"org": "杀进程测试镇人民政府", "year": 2024, "level": "乡镇", "format": "gov2021"},
                "cells": {"apply.new_received.natural": "１２", "apply.new_received.business": "3"},
                "texts": {"overview": "本年度我镇认真贯彻条例。"},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, NIANBAO_DATA_DIR=str(data_dir), NIANBAO_TEST_HOOK=str(script), QT_QPA_PLATFORM="offscreen")
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if "HOOK-DONE" in line or not line:
                break
        assert "HOOK-DONE" in line, proc.stderr.read() if proc.poll() is not None else "no HOOK-DONE"
        time.sleep(3)
        assert proc.poll() is None, "the app quit by itself"
    finally:
        proc.kill()  # SIGKILL: no closeEvent, no save, no clean-up
        proc.wait(10)

    w = start_window(qapp, data_dir)
    try:
        start = w.start_page
        assert start.recovery_list.count() == 1
        assert "杀进程测试镇人民政府" in start.recovery_list.item(0).text()
        qtbot.mouseClick(start.recover_button, Qt.MouseButton.LeftButton)
        draft = w.doc.draft
        assert draft.value("apply.new_received.natural") == 12
        assert draft.value("apply.new_received.business") == 3
        assert "本年度我镇认真贯彻条例。" in draft.section_text("overview")
    finally:
        close_window(w)
