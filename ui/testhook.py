"""A scripted clerk for end-to-end tests of the real process (NIANBAO_TEST_HOOK=<file.json>).

The recovery test starts ``main.py`` with this hook, lets it type into the window as a clerk
would (key events into the table's editor and the text editors), then kills the process without
saving and checks that the next start offers what was typed.  The script is JSON:

    {"new": {"org": "…", "year": 2024, "level": "乡镇", "format": "gov2021"},
     "cells": {"apply.new_received.natural": "１２"},
     "texts": {"overview": "…"}}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui import routing
from ui.main_window import MainWindow
from ui.text_page import SectionPage


def run_hook(window: MainWindow, script_path: Path) -> None:
    script = json.loads(script_path.read_text(encoding="utf-8"))
    if "new" in script:
        n = script["new"]
        window.new_report(n["org"], n.get("level", "乡镇"), int(n["year"]), n.get("format", "gov2021"))
    elif "open" in script:
        window.open_draft(Path(script["open"]))
    shell = window.shell
    assert shell is not None and window.doc is not None
    for cid, text in script.get("cells", {}).items():
        page_id = routing.table_page(window.doc.draft.fmt, cid.split(".", 1)[0])
        shell.go_to(page_id)
        page = shell.pages[page_id]
        assert isinstance(page, SectionPage) and page.table_block is not None
        view = page.table_block.view
        view.select_cell(cid)
        view.edit(view.currentIndex())
        editor = QApplication.focusWidget()
        assert editor is not None
        QTest.keyClicks(editor, text)
        QTest.keyClick(editor, Qt.Key.Key_Return)
    for key, text in script.get("texts", {}).items():
        shell.go_to(routing.section_page(key))
        page = shell.pages[routing.section_page(key)]
        assert isinstance(page, SectionPage)
        QTest.keyClicks(page.before.edit, text)
    print("HOOK-DONE", flush=True)
    sys.stdout.flush()
