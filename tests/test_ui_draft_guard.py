"""A draft belongs to one window, its recovery is offered on every way in, and a save notices
another program's changes (issue 8, points 3 and 4). The crash is a real ``kill -9`` of a real
``main.py``; the second instance is a real process too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.draftfile import load_draft, save_draft
from forms.journal import Journal
from forms.model import new_draft
from ui.driving import start_typing_into_cell, type_into_cell

ROOT = Path(__file__).resolve().parents[1]
CELL = "apply.new_received.natural"
ORG = "守护测试镇人民政府"


@pytest.fixture
def draft_file(tmp_path) -> Path:
    path = tmp_path / "守护.nianbao"
    draft = new_draft("gov2021", ORG, 2024)
    draft.set_value("apply.new_received.business", 1)
    save_draft(draft, path)
    return path


@pytest.fixture
def answers(monkeypatch):
    """Message boxes: each shown one is recorded and answered with the next queued button label
    (QMessageBox.exec then returns that button's index, as the window's questions expect)."""
    shown: list[tuple[str, list[str]]] = []
    queued: list[str] = []

    def answer(box):
        labels = [b.text() for b in box.buttons()]
        shown.append((f"{box.text()}\n{box.informativeText()}\n{box.detailedText()}", labels))
        wanted = queued.pop(0) if queued else None
        for i, label in enumerate(labels):
            if label == wanted:
                if box.standardButton(box.buttons()[i]) != QMessageBox.StandardButton.NoButton:
                    return box.standardButton(box.buttons()[i])
                return i
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return shown, queued


def env_for(tmp_path: Path, script: dict) -> dict[str, str]:
    hook = tmp_path / f"hook-{time.monotonic_ns()}.json"
    hook.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, NIANBAO_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env.update(NIANBAO_TEST_HOOK=str(hook), PYTHONIOENCODING="utf-8", XDG_CONFIG_HOME=str(tmp_path / "config"))
    return env


def start_main(tmp_path: Path, script: dict, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=env_for(tmp_path, script),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def read_until_done(proc: subprocess.Popen[str], timeout: float = 60) -> list[str]:
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.strip())
        if "HOOK-DONE" in line:
            return lines
    raise AssertionError(f"no HOOK-DONE: {lines} {proc.stderr.read() if proc.poll() is not None else ''}")


def type_then_kill(tmp_path: Path, path: Path, figure: str | None, *, answer: str | None = None) -> list[str]:
    """``main.py FILE``, answer its question, type a figure, wait past the journal's delay, ``kill -9``."""
    script: dict = {"cells": {CELL: figure} if figure is not None else {}, "show": [CELL]}
    if answer is not None:
        script["answer"] = answer
    proc = start_main(tmp_path, script, str(path))
    try:
        lines = read_until_done(proc)
        time.sleep(2.5)
        assert proc.poll() is None, "the app quit by itself"
    finally:
        proc.kill()  # SIGKILL: no closeEvent, no save, no clean-up
        proc.wait(10)
    return lines


def open_recent(window, path: Path) -> None:
    window.settings.add_recent(path)
    window.refresh_start_page()
    recent = window.start_page.recent
    items = [recent.item(i) for i in range(recent.count())]
    item = next(i for i in items if Path(i.data(Qt.ItemDataRole.UserRole)) == path)
    recent.itemActivated.emit(item)


@pytest.mark.slow
def test_after_kill_9_every_way_in_offers_the_recovery(open_window, answers, tmp_path, draft_file):
    shown, queued = answers
    type_then_kill(tmp_path, draft_file, "12")
    assert load_draft(draft_file).value(CELL) is None  # the file was never saved

    # main.py FILE: the offer comes before anything can overwrite the entry; 恢复 restores
    lines = type_then_kill(tmp_path, draft_file, None, answer="恢复")
    dialog = next(x for x in lines if x.startswith("DIALOG"))
    assert "自动恢复记录" in dialog and "打开文件" in dialog, lines
    assert "年" in dialog and "月" in dialog  # when the entry was written
    assert "12" in dialog  # what differs from the file
    assert f"CELL {CELL} 12" in lines

    # that run left its own entry (killed again); 最近打开 offers it: decline, type, the entry stays
    type_then_kill(tmp_path, draft_file, "13", answer="恢复")
    window = open_window(message_boxes_answered=True)
    queued.append("打开文件")
    open_recent(window, draft_file)
    assert len(shown) == 1 and "自动恢复记录" in shown[0][0]
    assert "13" in shown[0][0]  # what differs: the cell and its figure
    assert window.doc is not None and window.doc.draft.value(CELL) is None  # the file's content
    type_into_cell(window, CELL, "99")
    window.doc.write_journal()
    others = [r for r in Journal(tmp_path / "data").pending_for(draft_file) if r.draft.value(CELL) == 13]
    assert others, "declining and typing destroyed the recovery entry"

    # closing with 不保存 keeps the declined entry too; the next open offers it again, 恢复 restores
    queued.append("不保存")
    window.go_home()
    queued.append("恢复")
    open_recent(window, draft_file)
    assert window.doc.draft.value(CELL) == 13
    assert window.isWindowModified()
    window.doc.write_journal()
    assert not [r for r in Journal(tmp_path / "data").pending_for(draft_file) if r.draft.value(CELL) == 13]
    queued.append("保存")
    window.close()
    assert load_draft(draft_file).value(CELL) == 13
    assert Journal(tmp_path / "data").pending_for(draft_file) == []


def test_the_menu_open_offers_a_newer_recovery_and_shows_what_differs(open_window, answers, tmp_path, draft_file):
    shown, queued = answers
    first = open_window(message_boxes_answered=True)
    assert first.open_draft(draft_file)
    type_into_cell(first, CELL, "21")
    first.doc.write_journal()
    first.journal.close()  # as a crash leaves it: the entry stays, its session is gone
    first.doc.release()
    first.doc.set_modified(False)
    second = open_window(message_boxes_answered=True)
    queued.append("取消")
    assert not second.open_draft(draft_file)
    assert second.doc is None
    assert "21" in shown[-1][0] and shown[-1][1][:3] == ["恢复", "打开文件", "取消"]
    queued.append("恢复")
    assert second.open_draft(draft_file)
    assert second.doc.draft.value(CELL) == 21


def test_a_second_window_on_the_same_draft_is_told(open_window, answers, draft_file):
    shown, _queued = answers
    first = open_window(message_boxes_answered=True)
    assert first.open_draft(draft_file)
    second = open_window(message_boxes_answered=True)
    assert not second.open_draft(draft_file)
    assert second.doc is None
    assert "已在另一个" in shown[-1][0] and "守护.nianbao" in shown[-1][0]
    first.close_document()  # the draft is let go: now the second window may have it
    assert second.open_draft(draft_file)


def test_save_as_onto_a_draft_open_elsewhere_is_refused(open_window, answers, tmp_path, draft_file, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    shown, _queued = answers
    first = open_window(message_boxes_answered=True)
    assert first.open_draft(draft_file)
    second = open_window(("另一个镇人民政府", "乡镇", 2024, "gov2021"), message_boxes_answered=True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(draft_file), ""))
    before = draft_file.read_bytes()
    assert not second.save_as()
    assert draft_file.read_bytes() == before
    assert "已在另一个" in shown[-1][0]


@pytest.mark.slow
def test_a_second_instance_is_told_and_the_first_is_asked_to_come_forward(qtbot, open_window, tmp_path, draft_file):
    from ui.instances import Listener

    window = open_window()
    assert window.open_draft(draft_file)
    listener = Listener(window)
    assert listener.listening
    asked: list[bool] = []
    listener.came_forward.connect(lambda: asked.append(True))
    proc = start_main(tmp_path, {"answer": "确定", "describe": True}, str(draft_file))
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(x.strip() for x in proc.stdout), daemon=True)
    reader.start()
    try:
        # this window's event loop must run to answer the second instance's request; the second
        # copy, started only to open this draft, ends by itself once its message is read
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    finally:
        proc.kill()
        proc.wait(10)
        reader.join(10)
    assert proc.returncode == 0, lines
    dialog = next((x for x in lines if x.startswith("DIALOG")), "")
    assert "已在另一个" in dialog and "守护.nianbao" in dialog, lines
    assert "最前面" in dialog
    assert "OPENED" not in " ".join(lines)  # the second instance did not open it
    assert asked == [True]
    assert window.doc is not None and window.doc.path == draft_file


def test_a_draft_changed_on_disk_makes_save_ask(qtbot, open_window, answers, draft_file):
    shown, queued = answers
    window = open_window(message_boxes_answered=True)
    assert window.open_draft(draft_file)
    other = load_draft(draft_file)
    other.set_value("apply.new_received.research", 77)  # another program, or a colleague on the share
    save_draft(other, draft_file)
    theirs = draft_file.read_bytes()
    window.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    editor = start_typing_into_cell(window, CELL, "5")
    queued.append("取消")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "修改过" in shown[-1][0] and set(shown[-1][1]) == {"覆盖", "另存为…", "取消"}
    assert draft_file.read_bytes() == theirs and window.isWindowModified()
    queued.append("覆盖")
    assert window.save()
    assert load_draft(draft_file).value(CELL) == 5
    assert load_draft(draft_file).value("apply.new_received.research") is None
    count = len(shown)
    type_into_cell(window, CELL, "6")
    assert window.save() and len(shown) == count  # our own save is not someone else's change


def test_touching_the_file_without_changing_it_does_not_ask(open_window, answers, draft_file):
    shown, _queued = answers
    window = open_window(message_boxes_answered=True)
    assert window.open_draft(draft_file)
    os.utime(draft_file, (time.time() + 5, time.time() + 5))
    type_into_cell(window, CELL, "4")
    assert window.save()
    assert shown == []
    assert load_draft(draft_file).value(CELL) == 4


@pytest.mark.slow
def test_a_refused_entry_comes_back_after_kill_9(open_window, answers, tmp_path, draft_file):
    shown, queued = answers
    type_then_kill(tmp_path, draft_file, "8件")
    window = open_window(message_boxes_answered=True)
    queued.append("恢复")
    open_recent(window, draft_file)
    assert "8件" in shown[0][0]
    from forms.values import Invalid
    from ui.driving import table_view

    assert window.doc.draft.value(CELL) == Invalid("8件")
    index = table_view(window, CELL).model().index_of(CELL)
    assert index.data() == "8件"
    assert any(f.rule == "T1" and f.cells == (CELL,) for f in window.doc.errors())
