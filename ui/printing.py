"""打印… and 打印预览: the report on A4 pages laid out as the .docx is (forms.render.page).

The report's HTML (the preview's) is laid out in a QTextDocument on the 版心 of the page;
each page is drawn with its number "— N —" below the 版心, right on odd pages and left on
even ones, as GB/T 9704 and the Word templates place it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
    QTextLength,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from forms.i18n import _
from forms.render.page import A4_GBT9704, PageGeometry
from ui.widgets import warn

if TYPE_CHECKING:
    from forms.model import Draft
    from forms.render import RenderOptions

log = logging.getLogger(__name__)

#: one layout unit is one point on paper: the web page's 16 px body text prints in 16 pt (三号), as in the .docx
LAYOUT_DPI = 72


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFullPage(True)  # the margins are the page's own, drawn here, not the driver's
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


class ReportPrint:
    """The report laid out for one printer: ``pages`` and ``paint``."""

    def __init__(self, html: str, printer: QPrinter, page: PageGeometry = A4_GBT9704) -> None:
        self.page = page
        # laid out in points (the HTML's px become pt) and drawn scaled to the printer's resolution
        self._dpi = LAYOUT_DPI
        self._scale = printer.resolution() / LAYOUT_DPI
        self.doc = QTextDocument()
        self.doc.setDocumentMargin(0)
        self.doc.setDefaultStyleSheet(page.print_css())
        self.doc.setHtml(html)
        self._tables_across_the_page()
        self.body = QSizeF(self.px(page.width - page.left - page.right), self.px(page.height - page.top - page.bottom))
        self.doc.setPageSize(self.body)

    def _tables_across_the_page(self) -> None:
        # the .docx tables span the 版心; Qt's would shrink to their content, squeezing the labels
        for frame in self.doc.rootFrame().childFrames():
            if isinstance(frame, QTextTable):
                fmt = frame.format()
                fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
                frame.setFormat(fmt)

    def px(self, mm: Decimal) -> float:
        return float(mm) * self._dpi / 25.4

    @property
    def pages(self) -> int:
        return self.doc.pageCount()

    def paint(self, printer: QPrinter) -> None:
        page = self.page
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("打印机无法使用"))
        try:
            number_font = QFont(_("宋体"))
            number_font.setPixelSize(round(page.number_pt * LAYOUT_DPI / 72))  # pt in the layout's units
            left, top = self.px(page.left), self.px(page.top)
            indent = self.px(Decimal(page.number_pt) * Decimal("25.4") / 72) * page.number_indent_chars
            number_top = self.px(page.height - page.footer)
            painter.scale(self._scale, self._scale)
            for i in range(self.pages):
                if i:
                    printer.newPage()
                painter.save()
                clip = QRectF(0, i * self.body.height(), self.body.width(), self.body.height())
                painter.translate(left, top - clip.top())
                painter.setClipRect(clip)
                context = QAbstractTextDocumentLayout.PaintContext()
                context.clip = clip
                self.doc.documentLayout().draw(painter, context)
                painter.restore()
                painter.setFont(number_font)
                n = i + 1
                line = QRectF(left + indent, number_top, self.body.width() - 2 * indent, self.body.height())
                side = Qt.AlignmentFlag.AlignRight if page.number_on_right(n) else Qt.AlignmentFlag.AlignLeft
                painter.drawText(line, int(side | Qt.AlignmentFlag.AlignTop), page.number(n))
        finally:
            painter.end()


def report_html(draft: Draft, options: RenderOptions | None) -> str:
    """The report's HTML fragment (title, paragraphs, tables): the web page's own body style is
    for a browser; on paper the .docx's sizes and faces apply (forms.render.page.print_css)."""
    from forms.render import render_html

    return render_html(draft, options, full_page=False)


def _paint_or_say(parent: QWidget | None, html: str, printer: QPrinter) -> bool:
    try:
        ReportPrint(html, printer).paint(printer)
    except Exception as exc:  # a printer that goes away, a driver refusing: said, not a traceback
        log.exception("printing failed")
        warn(parent, _("没有打印。"), str(exc))
        return False
    return True


def _html_or_say(parent: QWidget, draft: Draft, options: Callable[[], RenderOptions] | None, failed: str) -> str | None:
    try:
        return report_html(draft, options() if options else None)
    except Exception as exc:  # a refused user template, say: the clerk is told, nothing prints
        warn(parent, failed, str(exc))
        return None


def print_report(parent: QWidget, draft: Draft, options: Callable[[], RenderOptions] | None = None) -> bool:
    """打印…: the system's print dialog, then the report on the chosen printer."""
    html = _html_or_say(parent, draft, options, _("报告生成失败，没有打印。"))
    if html is None:
        return False
    printer = new_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("打印报告"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return _paint_or_say(parent, html, printer)


def preview_dialog(parent: QWidget, draft: Draft, options: Callable[[], RenderOptions] | None = None) -> QDialog | None:
    """打印预览: the pages as they will print; the dialog's own button prints them."""
    html = _html_or_say(parent, draft, options, _("报告生成失败，无法预览。"))
    if html is None:
        return None
    printer = new_printer()
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_kept = printer  # type: ignore[attr-defined]  # the dialog only points at it: kept alive with it
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(_("打印预览"))
    dialog.paintRequested.connect(lambda p: _paint_or_say(dialog, html, p))
    return dialog
