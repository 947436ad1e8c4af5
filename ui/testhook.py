"""A scripted clerk for end-to-end tests of the real process (NIANBAO_TEST_HOOK=<file.json>).

The recovery test starts ``main.py`` with this hook, lets it type into the window as a clerk
would (key events into the table's editor and the text editors), then kills the process without
saving and checks that the next start offers what was typed.  The script is JSON:

    {"answer": "恢复",
     "new": {"org": "…", "year": 2024, "level": "乡镇", "format": "gov2021"},
     "cells": {"apply.new_received.natural": "１２"},
     "texts": {"overview": "…"},
     "show": ["apply.new_received.natural"],
     "describe": true, "quit": true}

``answer`` waits for the question the window asks first (a recovery offer when ``main.py FILE``
opens a draft, a draft already open elsewhere), prints it as ``DIALOG …`` and clicks the
button of that label; ``show`` prints ``CELL id value`` for the open report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.model import LEVELS
from forms.values import format_value
from ui.driving import type_into_cell, type_section_text
from ui.main_window import MainWindow


def run_hook(window: MainWindow, script_path: Path) -> None:
    script = json.loads(script_path.read_text(encoding="utf-8"))
    if "answer" in script:
        _answer(window, script, str(script["answer"]), tries=50)
    else:
        _steps(window, script)


def _answer(window: MainWindow, script: dict[str, Any], label: str, tries: int) -> None:
    """Click ``label`` in the question on screen; the rest of the script runs once it has closed."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        if tries > 0:
            QTimer.singleShot(100, lambda: _answer(window, script, label, tries - 1))
        else:
            print("DIALOG none", flush=True)
            QTimer.singleShot(0, lambda: _steps(window, script))
        return
    text = " ".join(f"{box.text()} {box.informativeText()}".split())
    print("DIALOG", text, "|", *[b.text() for b in box.buttons()], flush=True)
    for button in box.buttons():
        if button.text().replace("&", "").startswith(label):  # 确定(&O) is 确定
            button.click()
            break
    QTimer.singleShot(300, lambda: _steps(window, script))


def _steps(window: MainWindow, script: dict[str, Any]) -> None:
    if script.get("describe"):
        # what the clerk sees first: the window title and the start page's buttons
        start = window.start_page
        visible = window.isVisible() and window.central.currentWidget() is start
        texts = [start.create_button.text(), start.open_button.text(), start.from_last_button.text()]
        print("START-PAGE", visible, window.windowTitle(), *texts, flush=True)
        if window.doc is not None:
            path = window.doc.path.name if window.doc.path else "-"
            print("OPENED", path, window.doc.draft.meta.year, flush=True)
    if "new" in script:
        n = script["new"]
        window.new_report(n["org"], n.get("level", LEVELS[0]), int(n["year"]), n.get("format", "gov2021"))
    elif "open" in script:
        window.open_draft(Path(script["open"]))
    for cid, text in script.get("cells", {}).items():
        type_into_cell(window, cid, text)
    for key, text in script.get("texts", {}).items():
        type_section_text(window, key, text)
    for cid in script.get("show", []):
        value = window.doc.draft.value(cid) if window.doc is not None else None
        print("CELL", cid, format_value(value) or "-", flush=True)
    print("HOOK-DONE", flush=True)
    sys.stdout.flush()
    if script.get("quit"):
        window.close()
