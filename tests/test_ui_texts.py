"""Texts and metadata: paragraphs with levels, live warnings in place, title/前言 defaults, 上年数据."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms.draftfile import save_draft
from forms.model import Paragraph, new_draft
from forms.values import Invalid
from ui.driving import type_into_cell, type_section_text, type_text
from ui.paragraph_editor import ParagraphEditor


@pytest.fixture
def window(open_window):
    return open_window(("测试镇人民政府", "乡镇", 2024, "gov2021"))


def test_paragraphs_and_levels_round_trip(qtbot):
    editor = ParagraphEditor("测试")
    qtbot.addWidget(editor)
    paragraphs = [Paragraph("（一）主动公开", 2), Paragraph("本年度主动公开信息120条。", 0), Paragraph("1.平台", 3)]
    editor.set_paragraphs(paragraphs)
    assert editor.paragraphs() == paragraphs
    assert editor.count_label.text() == f"{sum(len(p.text) for p in paragraphs)} 字"


def test_typing_lines_and_choosing_levels(qtbot):
    editor = ParagraphEditor("测试")
    qtbot.addWidget(editor)
    changes = []
    editor.changed.connect(lambda: changes.append(1))
    editor.edit.setFocus()
    type_text(editor.edit, "一、总体情况\n本年度我镇做了很多工作。\n")
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.Start)
    editor.level_box.setCurrentIndex(editor.level_box.findData(1))
    editor.level_box.activated.emit(editor.level_box.currentIndex())
    assert editor.paragraphs() == [Paragraph("一、总体情况", 1), Paragraph("本年度我镇做了很多工作。", 0)]
    assert changes
    # moving the cursor shows the level of the paragraph under it
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.Down)
    assert editor.level_box.currentData() == 0
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.Up)
    assert editor.level_box.currentData() == 1


def test_live_warning_in_place_for_the_fee_sentence(window):
    page = type_section_text(window, "other", "本年度无其他需要报告的事项。")
    assert "信息处理费" in page.notice.text()  # G9, right under the heading (whole in its tooltip)
    type_text(page.before.edit, "本年度未收取信息处理费。")
    assert "G9" not in [f.rule for f in window.doc.findings]
    assert page.notice.text() == "" and page.notice.isVisibleTo(window)  # its room stays: nothing moves


def test_quoted_figure_that_differs_from_the_table_is_warned_in_place(window):
    window.shell.pages["sec:apply"].table_block.fill_button.click()  # a total with blanks is no figure yet
    type_into_cell(window, "apply.new_received.natural", "5")
    page = type_section_text(window, "overview", "本年度共收到政府信息公开申请3件。")
    g7 = [f for f in window.doc.findings if f.rule == "G7"]
    assert g7 and "section.overview" in g7[0].fields
    assert g7[0].message in page.notice.toolTip()  # the line under the title is cut to the width


def test_overview_starts_with_the_outline_and_last_year_text_is_offered_not_imposed(qtbot, window):
    page = window.shell.pages["sec:overview"]
    outline = list(window.doc.draft.fmt.section("overview").outline)
    window.doc.draft.last_year.texts["overview"] = "上年的总体情况。"
    window.doc.edited()
    window.shell.go_to("sec:overview")  # pages off screen catch up when they are shown
    assert page.last_text.toPlainText() == "上年的总体情况。"
    # SPEC §2: a new gov2021 report's 总体情况 starts with the customary outline, as 二级 headings;
    # last year's text is not copied by default
    assert page.before.paragraphs() == [Paragraph(h, 2) for h in outline]
    assert "G3" in [f.rule for f in window.doc.findings]  # headings alone are no content yet
    page.before.set_paragraphs([])
    buttons = {b.text(): b for b in page.findChildren(type(window.shell.next_button))}
    qtbot.mouseClick(buttons["插入常用提纲"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(buttons["复制上年文字到本年"], Qt.MouseButton.LeftButton)
    paragraphs = window.doc.draft.section("overview").before
    assert [p.text for p in paragraphs[: len(outline)]] == outline
    assert all(p.level == 2 for p in paragraphs[: len(outline)])
    assert paragraphs[-1] == Paragraph("上年的总体情况。", 0)


def test_title_and_preface_defaults_follow_the_metadata_and_can_be_restored(qtbot, window):
    meta = window.shell.pages["meta"]
    window.shell.go_to("meta")
    draft = window.doc.draft
    assert meta.title_edit.text() == draft.default_title()
    meta.org.selectAll()
    type_text(meta.org, "新名字镇人民政府")
    assert draft.meta.org == "新名字镇人民政府"
    assert meta.title_edit.text() == "新名字镇人民政府2024年政府信息公开工作年度报告"
    assert "新名字镇人民政府" in window.windowTitle()
    meta.title_edit.selectAll()
    type_text(meta.title_edit, "自拟标题")
    assert draft.title == "自拟标题" and meta.title_reset.isEnabled()
    qtbot.mouseClick(meta.title_reset, Qt.MouseButton.LeftButton)
    assert draft.title is None and meta.title_edit.text() == draft.default_title()

    meta.preface.edit.setFocus()
    meta.preface.edit.moveCursor(meta.preface.edit.textCursor().MoveOperation.End)
    type_text(meta.preface.edit, "另加一句。")
    assert draft.preface is not None and draft.preface[-1].text.endswith("另加一句。")
    qtbot.mouseClick(meta.preface_reset, Qt.MouseButton.LeftButton)
    assert draft.preface is None
    assert meta.preface.paragraphs() == draft.default_preface()


def test_date_picker_shows_the_printed_form(qtbot, window):
    meta = window.shell.pages["meta"]
    meta.has_date.setChecked(True)
    meta.date.setDate(QDate(2025, 1, 5))
    assert window.doc.draft.meta.date == dt.date(2025, 1, 5)
    assert meta.date_printed.text().endswith("2025年1月5日")
    # a date before the period ends is G4, shown on the page and in the badge
    meta.date.setDate(QDate(2024, 6, 1))
    assert "G4" in [f.rule for f in window.doc.findings]
    assert window.shell.section_list.badge("meta") != "已完成"
    meta.has_date.setChecked(False)
    assert window.doc.draft.meta.date is None


def test_last_year_figures_typed_feed_the_cross_year_check(window):
    page = window.shell.pages["last_year"]
    window.shell.go_to("last_year")
    edit = page.edits[("carried_forward", "natural")]
    type_text(edit, "２")
    assert window.doc.draft.last_year.carried_forward["natural"] == 2
    type_into_cell(window, "apply.carried_over.natural", "3")
    a6 = [f for f in window.doc.findings if f.rule == "A6"]
    assert a6 and "last_year.carried_forward.natural" in a6[0].fields
    assert window.shell.section_list.badge("last_year") == "1个警告"
    window.shell.go_to("last_year")
    edit.selectAll()
    type_text(edit, "abc")
    # refused, and kept as typed: the old 2 is not what the clerk sees, so it is not checked against
    assert window.doc.draft.last_year.carried_forward["natural"] == Invalid("abc")
    assert edit.text() == "abc" and "整数" in edit.toolTip()
    assert any(f.rule == "T1" and "last_year.carried_forward.natural" in f.fields for f in window.doc.findings)


def test_last_year_page_fills_from_last_years_draft(window, tmp_path):
    last = new_draft("gov2021", "测试镇人民政府", 2023)
    last.set_value("apply.carried_forward.natural", 4)
    last.set_value("active.rules.in_force", 0)
    last.section("overview").before = [Paragraph("上年的总体情况。")]
    path = tmp_path / "上年.nianbao"
    save_draft(last, path)
    page = window.shell.pages["last_year"]
    assert page.fill_from_file(path)
    ly = window.doc.draft.last_year
    assert ly.carried_forward["natural"] == 4 and ly.in_force["rules"] == 0
    assert page.edits[("carried_forward", "natural")].text() == "4"
    window.shell.go_to("sec:overview")
    assert window.shell.pages["sec:overview"].last_text.toPlainText() == "上年的总体情况。"


def test_new_report_from_last_years_draft(window, tmp_path, monkeypatch):
    last = new_draft("gov2019", "测试镇人民政府", 2020)
    last.set_value("apply.carried_forward.natural", 1)
    path = tmp_path / "2020.nianbao"
    save_draft(last, path)
    window.doc.set_modified(False)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    asked = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: asked.append(box.informativeText()) or QMessageBox.StandardButton.Ok
    )
    assert window.new_from_last_year()
    [shown] = asked  # the new year, organisation and format, before the draft is made
    assert "2021" in shown and "测试镇人民政府" in shown and window.doc.draft.fmt.name in shown
    draft = window.doc.draft
    assert draft.meta.year == 2021 and draft.format_id == "gov2021"
    assert draft.last_year.carried_forward["natural"] == 1
    assert window.doc.path is None and Path(path).is_file()
