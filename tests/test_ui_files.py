"""Files in the window: damaged, newer and foreign files, Save As, recent drafts, typed settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms.draftfile import load_draft
from ui.driving import type_section_text
from ui.settings import MAX_RECENT, AppSettings

EXAMPLE = sorted(Path("forms/examples").glob("004-*.nianbao"))[0]


@pytest.fixture
def messages(monkeypatch):
    """Every message box the window shows, answered with its default button."""
    shown: list[str] = []

    def record(box):
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


@pytest.fixture
def window(open_window):
    return open_window(message_boxes_answered=True)


def test_a_damaged_draft_gets_a_chinese_message_and_is_left_untouched(window, messages, tmp_path):
    damaged = tmp_path / "坏了.nianbao"
    good = EXAMPLE.read_bytes()
    damaged.write_bytes(good[: len(good) // 2])
    before = damaged.read_bytes()
    assert not window.open_draft(damaged)
    assert window.doc is None and window.central.currentWidget() is window.start_page
    assert messages and "损坏" in messages[0] and "坏了.nianbao" in messages[0]
    assert "Traceback" not in messages[0]
    assert damaged.read_bytes() == before


def test_a_draft_from_a_newer_version_is_refused_and_left_untouched(window, messages, tmp_path):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["schema_version"] = 99
    newer = tmp_path / "新版本.nianbao"
    newer.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = newer.read_bytes()
    assert not window.open_draft(newer)
    assert "更新版本" in messages[0]
    assert newer.read_bytes() == before


def test_a_word_file_is_not_a_draft(window, messages, tmp_path):
    word = tmp_path / "报告.docx"
    word.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    assert not window.open_draft(word)
    assert "不是年报助手的草稿文件" in messages[0]


def test_open_with_ctrl_o_save_and_save_as(qtbot, window, messages, tmp_path, monkeypatch):
    copy = tmp_path / "博山镇.nianbao"
    copy.write_bytes(EXAMPLE.read_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.doc is not None and window.doc.path == copy
    type_section_text(window, "other", "补充一句。")
    assert window.isWindowModified()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert load_draft(copy).section("other").before[-1].text.endswith("补充一句。")
    assert copy.with_name(copy.name + ".bak").is_file()  # the previous version is kept

    other = tmp_path / "另存" / "副本"  # no extension typed: .nianbao is added
    other.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    saved = other.with_name("副本.nianbao")
    assert window.doc.path == saved and saved.is_file()
    assert window.settings.recent_files()[0] == str(saved.resolve())


def test_an_example_opens_as_an_untitled_copy(window, messages, tmp_path, monkeypatch):
    before = EXAMPLE.read_bytes()
    assert window.open_example(EXAMPLE)
    assert window.doc.path is None
    type_section_text(window, "other", "改一下。")
    target = tmp_path / "示例副本.nianbao"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a), (str(target), ""))[1])
    assert window.save()
    assert asked and EXAMPLE.read_bytes() == before and target.is_file()


def test_a_failed_save_says_why_and_keeps_the_changes(window, messages, tmp_path, monkeypatch):
    window.new_report("测试镇人民政府", "乡镇", 2024, "gov2021")
    type_section_text(window, "overview", "本年度")
    missing = tmp_path / "没有这个文件夹" / "a.nianbao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    assert not window.save()
    assert messages and "没有保存" in messages[0]
    assert window.isWindowModified() and "本年度" in window.doc.draft.section_text("overview")


def test_recent_files_keep_ten_and_drop_missing_ones(tmp_path):
    settings = AppSettings(tmp_path / "s.ini")
    files = []
    for i in range(12):
        f = tmp_path / f"{i}.nianbao"
        f.write_text("x", encoding="utf-8")
        files.append(f)
        settings.add_recent(f)
    recent = settings.recent_files()
    assert len(recent) == MAX_RECENT and recent[0] == str(files[-1].resolve())
    files[-1].unlink()
    settings.sync()
    again = AppSettings(tmp_path / "s.ini")  # a fresh read from the INI file
    assert str(files[-1].resolve()) not in again.recent_files()
    assert again.recent_files()[0] == str(files[-2].resolve())


def test_settings_read_back_with_their_types(tmp_path):
    settings = AppSettings(tmp_path / "s.ini")
    one = tmp_path / "one.nianbao"
    one.write_text("x", encoding="utf-8")
    settings.add_recent(one)  # a one-item list comes back from INI as a bare string
    settings.set_deadline((2, 15))
    settings.set_overview_limit(1000)
    settings.set_export_choice({"docx": False, "txt": True, "html": True, "seal": True})
    settings.sync()
    text = (tmp_path / "s.ini").read_text(encoding="utf-8")
    assert "deadline_month=2" in text and "seal=true" in text  # INI keeps text; reads must name the type
    again = AppSettings(tmp_path / "s.ini")
    assert again.recent_files() == [str(one.resolve())]
    assert again.deadline() == (2, 15)
    assert again.overview_limit() == 1000
    choice = again.export_choice()
    assert choice["docx"] is False and choice["seal"] is True
    checks = again.check_settings()
    assert checks.deadline == (2, 15) and checks.overview_limit == 1000
    again.set_overview_limit(None)
    assert again.overview_limit() is None
