"""Pictures in the window: from a file, pasted from the clipboard, 统计图; refused ones change nothing."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from forms.draftfile import load_draft
from forms.pictures import MAX_PICTURE_BYTES, image_info
from forms.render import render_docx, render_html, render_txt
from ui import routing
from ui.text_page import SectionPage

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pictures"


@pytest.fixture
def shown(monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: messages.append(box.text()) or 0)
    return messages


def _page(window, key: str) -> SectionPage:
    page_id = routing.section_page(key)
    window.shell.go_to(page_id)
    page = window.shell.pages[page_id]
    assert isinstance(page, SectionPage)
    return page


def _open_example(open_window, tmp_path, name="004-boshan-2020.nianbao"):
    path = tmp_path / name
    shutil.copy(ROOT / "forms" / "examples" / name, path)
    window = open_window(message_boxes_answered=True)
    assert window.open_draft(path)
    return window, path


def test_a_picture_from_a_file_is_inserted_saved_and_undone(open_window, tmp_path, shown, monkeypatch):
    window, path = _open_example(open_window, tmp_path)
    page = _page(window, "apply")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(FIXTURES / "small.jpg"), ""))
    page.pictures.insert_button.click()
    assert shown == []
    pics = window.doc.draft.section("apply").pictures
    assert len(pics) == 1 and pics[0].kind == "jpeg" and pics[0].place == "after"
    assert window.doc.modified
    page.pictures.caption.setText("图1 申请办理情况")
    page.pictures.caption.editingFinished.emit()
    assert window.doc.draft.section("apply").pictures[0].caption == "图1 申请办理情况"
    window.doc.save(path)
    assert load_draft(path).section("apply").pictures[0].caption == "图1 申请办理情况"
    window.doc.undo_stack.undo()
    window.doc.undo_stack.undo()
    assert window.doc.draft.section("apply").pictures == []
    assert page.pictures.list.count() == 0


def test_a_screenshot_from_the_clipboard_becomes_a_png_block(open_window, tmp_path, shown):
    window, _path = _open_example(open_window, tmp_path)
    page = _page(window, "overview")
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#aa3333"))
    QGuiApplication.clipboard().setImage(image)
    page.pictures.paste_button.click()
    assert shown == []
    (pic,) = window.doc.draft.section("overview").pictures
    assert (pic.kind, pic.width, pic.height, pic.place) == ("png", 320, 200, "before")
    QGuiApplication.clipboard().setText("不是图片")
    page.pictures.paste_button.click()
    assert shown and "剪贴板中没有图片" in shown[-1]
    assert len(window.doc.draft.section("overview").pictures) == 1


def test_moving_and_removing_a_picture_through_the_buttons(open_window, tmp_path, shown):
    window, _path = _open_example(open_window, tmp_path)
    page = _page(window, "apply")
    assert page.pictures.add_bytes((FIXTURES / "small.png").read_bytes(), "甲")
    before = len(window.doc.draft.section("apply").after)
    assert window.doc.draft.section("apply").pictures[0].anchor == before
    page.pictures.up_button.click()
    assert window.doc.draft.section("apply").pictures[0].anchor == before - 1
    page.pictures.remove_button.click()
    assert window.doc.draft.section("apply").pictures == []


REFUSALS = {
    "over the size limit": (b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_PICTURE_BYTES + 10), "图片太大"),
    "a damaged image file": ((FIXTURES / "small.png").read_bytes()[:70], "已损坏"),
    "a non-image file": ("这是一份年报的文字，不是图片。".encode() * 20, "这不是图片文件"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_refused_file_gets_a_chinese_message_and_changes_nothing(open_window, tmp_path, shown, monkeypatch, case):
    data, words = REFUSALS[case]
    window, path = _open_example(open_window, tmp_path)
    on_disk = path.read_bytes()
    picked = tmp_path / "picked.png"
    picked.write_bytes(data)
    page = _page(window, "active")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(picked), ""))
    page.pictures.insert_button.click()
    assert len(shown) == 1 and words in shown[0] and "报告未做改动" in shown[0]
    assert window.doc.draft.pictures() == []
    assert not window.doc.modified
    assert window.doc.undo_stack.count() == 0
    window.commit_edits()
    assert path.read_bytes() == on_disk


def test_a_chart_of_example_004_appears_in_the_docx_html_and_txt(open_window, tmp_path, shown):
    window, _path = _open_example(open_window, tmp_path)
    page = _page(window, "apply")
    page.pictures._fill_chart_menu()
    titles = [a.text() for a in page.pictures.chart_menu.actions()]
    assert titles == [
        "2020年度主动公开政府信息情况统计图",
        "2020年度收到和处理政府信息公开申请情况统计图",
        "2020年度政府信息公开行政复议、行政诉讼情况（行政复议）统计图",
        "2020年度政府信息公开行政复议、行政诉讼情况（行政诉讼）统计图",
    ]
    page.pictures.chart_menu.actions()[0].trigger()
    assert shown == []
    (pic,) = window.doc.draft.section("apply").pictures
    assert pic.caption == "2020年度主动公开政府信息情况统计图"
    assert image_info(pic.data).kind == "png"
    draft = window.doc.draft
    assert "[图] 2020年度主动公开政府信息情况统计图" in render_txt(draft)
    assert pic.data_uri() in render_html(draft)
    with zipfile.ZipFile(io.BytesIO(render_docx(draft))) as package:
        media = [package.read(n) for n in package.namelist() if n.startswith("word/media/")]
    assert media == [pic.data]


def test_an_empty_picture_panel_leaves_the_text_its_room_and_typing_rebuilds_nothing(
    open_window, tmp_path, qtbot, monkeypatch
):
    from ui.driving import type_section_text
    from ui.pictures import PicturesPanel

    window, _path = _open_example(open_window, tmp_path)
    page = _page(window, "overview")
    qtbot.waitExposed(window)
    assert not page.pictures.list.isVisible() and not page.pictures.caption.isVisible()
    assert not page.pictures.remove_button.isVisible()
    line = page.fontMetrics().lineSpacing()
    assert page.pictures.height() < line * 4 < page.before.height()
    rebuilt = []
    monkeypatch.setattr(PicturesPanel, "refresh", lambda self: rebuilt.append(self))
    type_section_text(window, "overview", "本年度")
    assert window.doc.draft.section("overview").before[-1].text.endswith("本年度")
    assert rebuilt == []  # a keystroke neither rebuilds the list nor decodes its thumbnails


def test_a_table_page_shows_its_picture_buttons_below_the_text_after_the_table(open_window, tmp_path, qtbot):
    window, _path = _open_example(open_window, tmp_path)
    window.resize(1400, 850)
    page = _page(window, "apply")
    qtbot.waitExposed(window)
    button = page.pictures.insert_button
    # the box is not squeezed to nothing when the page sizes its text boxes and table
    qtbot.waitUntil(lambda: button.height() > 0, timeout=2000)
    assert button.visibleRegion().boundingRect().height() == button.height()
