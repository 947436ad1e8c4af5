"""A scripted clerk for end-to-end tests of the real process (NIANBAO_TEST_HOOK=<file.json>).

The recovery test starts ``main.py`` with this hook, lets it type into the window as a clerk
would (key events into the table's editor and the text editors), then kills the process without
saving and checks that the next start offers what was typed.  The script is JSON:

    {"new": {"org": "…", "year": 2024, "level": "乡镇", "format": "gov2021"},
     "cells": {"apply.new_received.natural": "１２"},
     "texts": {"overview": "…"},
     "describe": true, "quit": true}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from forms.model import LEVELS
from ui.driving import type_into_cell, type_section_text
from ui.main_window import MainWindow


def run_hook(window: MainWindow, script_path: Path) -> None:
    script = json.loads(script_path.read_text(encoding="utf-8"))
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
    print("HOOK-DONE", flush=True)
    sys.stdout.flush()
    if script.get("quit"):
        window.close()
