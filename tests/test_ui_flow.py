"""The clerk's whole path through the window: new report → numbers → error → fix → save → reopen → export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms.draftfile import load_draft
from ui.driving import type_into_cell, type_section_text, type_text
from ui.main_window import MainWindow
from ui.table_model import COMPUTED_BG, ERROR_BG


@pytest.fixture
def window(open_window):
    return open_window()


def new_gov2021(qtbot, w: MainWindow, org: str = "测试县城关镇人民政府") -> None:
    start = w.start_page
    type_text(start.org, org)
    start.year.setValue(2024)
    assert start.format.currentData() == "gov2021"  # suggested from the year
    qtbot.mouseClick(start.create_button, Qt.MouseButton.LeftButton)
    assert w.shell is not None and w.central.currentWidget() is w.shell


def badge(w: MainWindow, page_id: str) -> str:
    assert w.shell is not None
    return w.shell.section_list.badge(page_id)


def apply_model(w: MainWindow):
    assert w.shell is not None
    return w.shell.pages["sec:apply"].model


def test_start_page_is_chinese(window):
    start = window.start_page
    assert start.create_button.text() == "新建报告"
    assert not start.create_button.isEnabled()  # no organisation yet
    assert start.examples.count() == 5
    assert "年报助手" in window.windowTitle()


def test_year_suggests_the_format_and_the_clerk_can_change_it(qtbot, window):
    start = window.start_page
    start.year.setValue(2020)
    assert start.format.currentData() == "gov2019"
    start.year.setValue(2015)
    assert start.format.currentData() == "legacy"
    assert "注意" not in start.format_hint.text()
    start.format.setCurrentIndex(start.format.findData("gov2021"))
    start.format.activated.emit(start.format.currentIndex())
    start.year.setValue(2016)  # a format the clerk chose is kept, with a warning beside it
    assert start.format.currentData() == "gov2021"
    assert "注意" in start.format_hint.text()


def test_the_province_in_the_body_s_name_suggests_its_variant(qtbot, window):
    start = window.start_page
    start.year.setValue(2020)
    type_text(start.org, "湖北省某某县某某镇人民政府")
    assert start.format.currentData() == "gov2019-hubei"
    assert "注意" not in start.format_hint.text()
    start.org.clear()
    assert start.format.currentData() == "gov2019"  # default: the national format


def test_whole_path(qtbot, window, tmp_path, monkeypatch):
    w = window
    new_gov2021(qtbot, w)
    doc = w.doc
    assert doc.draft.format_id == "gov2021" and doc.draft.meta.org == "测试县城关镇人民政府"
    assert badge(w, "sec:problems") == "未开始"  # not yet visited: a new report is not a list of failures
    w.shell.go_to("sec:problems")
    assert badge(w, "sec:problems") == "1个错误"  # G3, once seen: a mandated section is empty

    # metadata: the 署名 and a contact phone go into the draft and the default 前言
    meta = w.shell.pages["meta"]
    w.shell.go_to("meta")
    type_text(meta.signature, "测试县城关镇人民政府")
    type_text(meta.contact["phone"], "0533-1234567")
    assert doc.draft.meta.signature == "测试县城关镇人民政府"
    assert "0533-1234567" in meta.preface.plain_text()
    assert doc.draft.preface is None  # still the default, now with the phone number

    # texts: typing into 五 clears its G3 error and the badge at once
    type_section_text(w, "problems", "一是公开内容不够全面。二是将加强培训。")
    assert doc.draft.section("problems").before[0].text.startswith("一是")
    assert badge(w, "sec:problems") == "已完成"

    # numbers: fill the apply table with 0, then type full-width digits into a cell
    model = apply_model(w)
    qtbot.mouseClick(w.shell.pages["sec:apply"].table_block.fill_button, Qt.MouseButton.LeftButton)
    view = type_into_cell(w, "apply.new_received.natural", "１２")
    assert doc.draft.value("apply.new_received.natural") == 12
    # Enter moved down the column, as in Excel
    assert model.value_cell(view.currentIndex()).id == "apply.carried_over.natural"

    # the new 12 breaks A1 in 自然人 and 总计: cells red, finding listed, badge counts, all in the same edit
    a1 = [f for f in doc.findings if f.rule == "A1"]
    assert a1 and all(f.severity == "error" for f in a1)
    involved = {c for f in a1 for c in f.cells}
    assert "apply.new_received.natural" in involved and "apply.r_granted.natural" in involved

    def background(cid):
        brush = model.index_of(cid).data(Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    # the four figures A1 compares are red (the computed total of the results too); the cells summed
    # into that total are not, but their tooltip has the finding
    for cid in ("apply.new_received.natural", "apply.carried_over.natural", "apply.r_total.natural"):
        assert background(cid) == ERROR_BG
        assert "A1" in [f.rule for f in model.findings_at(model.index_of(cid))]
    assert background("apply.carried_forward.natural") == ERROR_BG
    assert background("apply.r_granted.natural") is None
    assert "A1" in [f.rule for f in model.findings_at(model.index_of("apply.r_granted.natural"))]
    assert background("apply.new_received.business") != ERROR_BG
    assert badge(w, "sec:apply").endswith("个错误")
    panel_rules = [f.rule for f in w.shell.findings.model.findings]
    assert "A1" in panel_rules

    # clicking the finding selects the cell
    row = w.shell.findings.row_of("A1")
    w.shell.go_to("meta")
    index = w.shell.findings.model.index(row)
    qtbot.mouseClick(
        w.shell.findings.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=w.shell.findings.view.visualRect(index).center(),
    )
    assert w.shell.stack.currentWidget() is w.shell.pages["sec:apply"]
    selected = model.value_cell(w.shell.pages["sec:apply"].table_block.view.currentIndex())
    assert selected is not None and selected.id in involved

    # fix: 12 granted as well; A1 goes, the red goes, the badge goes back
    type_into_cell(w, "apply.r_granted.natural", "12")
    assert not [f for f in doc.findings if f.rule == "A1"]
    assert background("apply.new_received.natural") is None
    assert background("apply.r_granted.natural") is None
    assert background("apply.r_total.natural") == COMPUTED_BG
    assert "错误" not in badge(w, "sec:apply")

    # save (Ctrl+S on a new draft asks where), the window title loses its modified mark
    target = tmp_path / "城关镇2024.nianbao"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert w.isWindowModified()
    QTest.keyClick(w, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.is_file() and not w.isWindowModified()
    assert "[*]" in w.windowTitle() and "城关镇2024.nianbao" in w.windowTitle()

    # close and reopen: everything typed is there
    w.go_home()
    assert w.doc is None and w.central.currentWidget() is w.start_page
    assert w.start_page.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(target.resolve())
    assert w.open_draft(target)
    again = w.doc.draft
    assert again.value("apply.new_received.natural") == 12
    assert again.value("apply.r_granted.natural") == 12
    assert again.meta.signature == "测试县城关镇人民政府"
    assert again.section("problems").before[0].text.startswith("一是")

    # export all three files; the remaining errors (G3 for empty sections) need an explicit yes
    asked = []

    def answer_yes(box):
        asked.append(box.text() + box.informativeText())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", answer_yes)
    from ui.export_dialog import ExportDialog

    dialog = ExportDialog(w.doc, w.settings, w)
    qtbot.addWidget(dialog)
    out = tmp_path / "导出"
    out.mkdir()
    dialog.folder.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked and "错误" in asked[0]
    name = "测试县城关镇人民政府2024年政府信息公开工作年度报告"
    for ext in ("docx", "txt", "html"):
        assert (out / f"{name}.{ext}").is_file()
    assert dialog.open_folder_button.isEnabled()
    assert "12" in (out / f"{name}.txt").read_text(encoding="utf-8")
    assert load_draft(target).value("apply.new_received.natural") == 12


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window, monkeypatch):
    new_gov2021(qtbot, window)
    type_section_text(window, "overview", "本年度")
    asked = []

    def cancel(box):
        asked.append([b.text() for b in box.buttons()])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    assert not window.close()
    assert window.isVisible() and window.doc is not None
    # Qt's standard buttons, in Chinese
    assert any("取消" in t for t in asked[0]) and any("保存" in t for t in asked[0])


def test_opening_over_unsaved_changes_can_discard(qtbot, window, monkeypatch, tmp_path):
    new_gov2021(qtbot, window)
    type_section_text(window, "overview", "草稿")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)
    example = sorted(Path("forms/examples").glob("004-*.nianbao"))[0]
    assert window.open_example(example)
    assert window.doc.draft.format_id == "gov2019" and window.doc.path is None
    assert not window.isWindowModified()
