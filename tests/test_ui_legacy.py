"""Legacy reports: sections the clerk retitles, reorders, adds and removes; the optional 统计表."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from ui.driving import type_into_cell


@pytest.fixture
def window(open_window):
    return open_window(("测试镇人民政府", "乡镇", 2017, "legacy"))


def titles(window) -> list[str]:
    lst = window.shell.section_list
    return [lst.item(i).text() for i in range(lst.count())]


def test_add_retitle_move_and_remove_sections(qtbot, window, monkeypatch):
    shell = window.shell
    shell.go_to("sections")
    page = shell.pages["sections"]
    draft = window.doc.draft
    count = len(draft.sections)
    page.list.setCurrentRow(count - 1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("八、信息公开工作创新", True))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in draft.sections][-1] == "八、信息公开工作创新"
    qtbot.waitUntil(lambda: "八、信息公开工作创新" in titles(window), timeout=1000)
    page = window.shell.pages["sections"]  # pages were rebuilt around the new section
    assert window.shell.current_page() is page

    page.list.setCurrentRow(len(draft.sections) - 1)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert draft.sections[-2].title == "八、信息公开工作创新"
    qtbot.waitUntil(lambda: window.shell.pages["sections"] is not page, timeout=1000)

    page = window.shell.pages["sections"]
    page.list.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("一、基本情况", True))
    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    assert draft.section_title(draft.sections[0]) == "一、基本情况"
    qtbot.waitUntil(lambda: "一、基本情况" in titles(window), timeout=1000)

    page = window.shell.pages["sections"]
    row = next(i for i, s in enumerate(draft.sections) if s.title == "八、信息公开工作创新")
    page.list.setCurrentRow(row)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)  # empty: no question asked
    assert len(draft.sections) == count
    qtbot.waitUntil(lambda: "八、信息公开工作创新" not in titles(window), timeout=1000)


def test_removing_the_only_section_for_an_item_raises_g3(qtbot, window, monkeypatch):
    draft = window.doc.draft
    page = window.shell.pages["sections"]
    row = next(i for i, s in enumerate(draft.sections) if "review" in s.items)
    page.list.setCurrentRow(row)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    g3 = [f for f in window.doc.findings if f.rule == "G3"]
    assert any("复议" in f.message for f in g3)
    # cover the item from another section instead: the finding goes
    page = window.shell.pages["sections"]
    page.list.setCurrentRow(0)
    entry = next(
        page.items.item(i)
        for i in range(page.items.count())
        if page.items.item(i).data(Qt.ItemDataRole.UserRole) == "review"
    )
    entry.setCheckState(Qt.CheckState.Checked)
    assert "review" in draft.sections[0].items
    assert not any("复议" in f.message for f in window.doc.findings if f.rule == "G3")


def test_the_statistics_table_can_be_left_out(qtbot, window):
    page = window.shell.pages["attachment"]
    window.shell.go_to("attachment")
    assert page.include.isChecked() is False  # optional: left out until the clerk adds it
    assert window.shell.section_list.badge("attachment") == ""
    page.include.setChecked(True)
    assert window.doc.draft.table("stats").included
    assert any(f.rule == "T2" and f.cells[0].startswith("stats.") for f in window.doc.findings)
    assert window.shell.section_list.badge("attachment") == "1个警告"
    type_into_cell(window, "stats.s01.value", "１２０")
    assert window.doc.draft.value("stats.s01.value") == 120
    page.include.setChecked(False)
    assert not any(f.cells and f.cells[0].startswith("stats.") for f in window.doc.findings)


def test_an_example_with_nine_sections_opens_with_a_page_each(window):
    window.doc.set_modified(False)
    assert window.open_example(sorted(Path("forms/examples").glob("003-*.nianbao"))[0])
    sections = window.doc.draft.sections
    assert len(sections) == 9
    for sec in sections:
        assert f"sec:{sec.key}" in window.shell.pages
        page = window.shell.pages[f"sec:{sec.key}"]
        assert page.before.paragraphs() == sec.before
