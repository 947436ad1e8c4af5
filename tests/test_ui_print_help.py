"""打印/打印预览 on the page of the .docx, and 帮助: the user guide and this section's guidance."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMenu

from forms.render.page import A4_GBT9704
from ui.help import DOCS_DIR, GUIDE_FILE, HelpWindow
from ui.printing import ReportPrint, new_printer, report_html

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORT = ("测试镇人民政府", "乡镇", 2024, "gov2021")


@pytest.mark.parametrize("fmt", ["gov2021", "gov2019", "legacy"])
def test_the_word_templates_have_the_printed_page(fmt):
    with zipfile.ZipFile(ROOT / "templates" / fmt / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    sect = body.find(f".//{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    page = A4_GBT9704
    twips = page.twips
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (twips(page.width), twips(page.height))
    got = [int(margins.get(f"{W}{side}")) for side in ("top", "bottom", "left", "right", "footer")]
    assert got == [twips(page.top), twips(page.bottom), twips(page.left), twips(page.right), twips(page.footer)]


def test_a_printed_report_is_a4_with_numbered_pages(qapp, tmp_path):
    from forms.draftfile import load_draft
    from ui.start_page import example_files

    draft = load_draft(example_files()[0])
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "report.pdf"
    printer.setOutputFileName(str(out))
    layout = ReportPrint(report_html(draft, None), printer)
    assert layout.pages >= 2
    layout.paint(printer)
    data = out.read_bytes()
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type/Page") >= 1
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info and f"Pages:           {layout.pages}" in info
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for n in range(1, layout.pages + 1):
        assert A4_GBT9704.number(n).replace(" ", "") in text.replace(" ", "")
    # the text stands in the 版心 of the .docx: from the left margin (28 mm) to the right one (26 mm)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-"], capture_output=True, text=True)
    lefts = [float(x) for x in re.findall(r'xMin="([\d.]+)"', boxes.stdout)]
    rights = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes.stdout)]
    mm = 72 / 25.4
    assert abs(min(lefts) - float(A4_GBT9704.left) * mm) < 2
    assert max(rights) <= float(A4_GBT9704.width - A4_GBT9704.right) * mm + 2
    # pdftotext reads some CJK glyphs as their Kangxi radicals (⼭ for 山): NFKC folds them back
    assert draft.effective_title() in unicodedata.normalize("NFKC", text).replace(" ", "").replace("\n", "")


def test_print_preview_opens_from_the_file_menu(open_window, qtbot):
    w = open_window(REPORT)
    [file_menu] = [m for m in w.menuBar().findChildren(QMenu) if m.title().startswith("文件")]
    names = [a.text() for a in file_menu.actions()]
    assert "打印…" in names and "打印预览" in names
    assert w.desk.act_print.shortcut().toString() == "Ctrl+P"
    dialog = w.desk.print_preview()
    assert isinstance(dialog, QPrintPreviewDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    dialog.close()


def test_the_guide_opens_with_f1_and_shows_its_pictures(open_window, qtbot):
    w = open_window(REPORT)
    assert w.desk.act_guide.shortcut().toString() == "F1"
    w.desk.act_guide.trigger()
    guide = w._guide_window
    assert isinstance(guide, HelpWindow) and guide.isVisible()
    text = guide.browser.toPlainText()
    assert "开始页" in text and "快捷键" in text
    pictures = [
        line.split("](", 1)[1].split(")", 1)[0] for line in GUIDE_FILE.read_text("utf-8").splitlines() if "![" in line
    ]
    assert pictures
    for picture in pictures:
        assert (DOCS_DIR / picture).is_file(), picture
        image = guide.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(picture))
        assert image is not None and not image.isNull(), picture


def test_shift_f1_shows_the_sections_guidance(open_window):
    w = open_window(REPORT)
    w.shell.go_to("sec:overview")
    sdef = w.doc.draft.fmt.section("overview")
    assert w.desk.act_section_help.shortcut().toString() == "Shift+F1"
    w.desk.act_section_help.trigger()
    shown = w._section_help_window.browser.toPlainText()
    assert sdef.guidance[:20] in shown and w.shell.current_page().title() in shown


def test_the_frozen_program_carries_the_guide():
    spec = (ROOT / "packaging" / "nianbao.spec").read_text("utf-8")
    assert '"PySide6.QtPrintSupport"' not in spec.split("EXCLUDES")[1].split("]")[0]
    assert "使用说明.md" in spec and "docs/images" in spec


def test_print_goes_through_the_print_dialog_to_the_printer(open_window, monkeypatch, tmp_path):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    import ui.printing

    w = open_window(REPORT)
    out = tmp_path / "printed.pdf"

    def pdf_printer():
        printer = new_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(ui.printing, "new_printer", pdf_printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert w.desk.act_print.shortcut().toString() == "Ctrl+P"
    assert w.desk.print_report()
    assert out.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    out.unlink()
    assert not w.desk.print_report() and not out.exists()  # 取消: nothing printed


def test_a_long_section_name_wraps_to_two_lines_and_the_rest_is_elided(qapp):
    from PySide6.QtGui import QFontMetrics

    from ui.section_list import title_lines

    fm = QFontMetrics(qapp.font())
    name = "三、收到和处理政府信息公开申请情况"
    width = fm.horizontalAdvance(name) // 2 + fm.horizontalAdvance("国")
    lines = title_lines(name, fm, width)
    assert len(lines) == 2 and "".join(lines) == name
    assert all(fm.horizontalAdvance(line) <= width for line in lines)
    cut = title_lines(name * 2, fm, width)
    assert len(cut) == 2 and cut[1].endswith("…")
    assert title_lines("预览", fm, width) == ["预览"]


def test_printed_tables_span_the_type_area_as_in_the_docx(qapp):
    from PySide6.QtGui import QTextTable

    from forms.draftfile import load_draft

    draft = load_draft(Path(__file__).parents[1] / "forms" / "examples" / "004-boshan-2020.nianbao")
    laid_out = ReportPrint(report_html(draft, None), new_printer())
    layout = laid_out.doc.documentLayout()
    tables = [f for f in laid_out.doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    assert len(tables) >= 3
    for table in tables:  # a table left to its content would be half as wide (table 二's)
        assert layout.frameBoundingRect(table).width() >= laid_out.body.width() * 0.98
