"""帮助: the user guide inside the window (docs/使用说明.md), this section's guidance, 关于.

The guide is the Markdown file the repository keeps, rendered by Qt (QTextBrowser.setMarkdown)
with its pictures from docs/images; the frozen program carries both (packaging/nianbao.spec).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from forms.i18n import _
from ui.widgets import APP_TITLE, inform, warn


def _docs_dir() -> Path:
    """docs/ of the checkout or the frozen program; an installed wheel carries it as ui/guide (pyproject)."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "docs"
    return checkout if checkout.is_dir() else here / "guide"


DOCS_DIR = _docs_dir()
GUIDE_FILE = DOCS_DIR / "使用说明.md"
#: the guide is ours, but a file is read bounded all the same
MAX_GUIDE_BYTES = 2_000_000


def read_guide() -> str:
    """The guide's Markdown (OSError/ValueError when it is missing, too large or not UTF-8)."""
    if GUIDE_FILE.stat().st_size > MAX_GUIDE_BYTES:
        raise ValueError(_("使用说明文件过大"))
    return GUIDE_FILE.read_text(encoding="utf-8")


class HelpWindow(QDialog):
    """A window of its own (not modal): the clerk reads it beside the report."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_TITLE}")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(title)
        self.browser.setSearchPaths([str(DOCS_DIR)])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().horizontalAdvance("国")
        self.resize(56 * em, 40 * em)

    def show_markdown(self, text: str) -> None:
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(DOCS_DIR) + "/"))
        self.browser.setMarkdown(text)
        self._fit_pictures()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_pictures()

    def _fit_pictures(self) -> None:
        """Screenshots no wider than the window (the guide's pictures are of a whole window)."""
        doc = self.browser.document()
        room = max(self.browser.viewport().width() - 2 * int(doc.documentMargin()) - 8, 100)
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image_fmt = fmt.toImageFormat()
                    image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(image_fmt.name()))
                    natural = image.width() if isinstance(image, QImage | QPixmap) else 0
                    width = min(natural, room) if natural else room
                    if image_fmt.width() != width:
                        image_fmt.setWidth(width)
                        image_fmt.setHeight(image.height() * width / natural if natural else 0)
                        cursor = QTextCursor(doc)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_fmt)
                it += 1
            block = block.next()

    def show_html(self, html: str) -> None:
        self.browser.setHtml(html)


def _show(window: QWidget, attr: str, title: str) -> HelpWindow:
    existing = getattr(window, attr, None)
    if not isinstance(existing, HelpWindow):
        existing = HelpWindow(title, window)
        setattr(window, attr, existing)
    existing.show()
    existing.raise_()
    existing.activateWindow()
    return existing


def show_guide(window: QWidget) -> HelpWindow | None:
    """使用说明 (F1)."""
    try:
        text = read_guide()
    except (OSError, ValueError) as exc:
        warn(window, _("找不到使用说明。"), str(exc))
        return None
    help_window = _show(window, "_guide_window", _("使用说明"))
    help_window.show_markdown(text)
    return help_window


def section_guidance_html(title: str, guidance: str, outline: list[str]) -> str:
    parts = [f"<h2>{escape(title)}</h2>"]
    if guidance:
        parts.append(f"<p>{escape(guidance)}</p>")
    if outline:
        parts.append(f"<p><b>{escape(_('常用提纲'))}</b></p>")
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in outline) + "</ul>")
    if not guidance and not outline:
        parts.append(f"<p>{escape(_('这一部分没有专门的填写说明，请看“使用说明”（F1）。'))}</p>")
    return "".join(parts)


def show_section_help(window: QWidget, title: str, guidance: str, outline: list[str]) -> HelpWindow:
    """本节说明 (Shift+F1): the format's guidance for the section on screen."""
    help_window = _show(window, "_section_help_window", _("本节说明"))
    help_window.show_html(section_guidance_html(title, guidance, outline))
    return help_window


def show_about(window: QWidget) -> None:
    import platform

    from PySide6 import __version__ as qt_version

    from forms import __version__

    inform(
        window,
        _("年报助手 {version}").format(version=__version__),
        _("离线编写、检查和导出政府信息公开工作年度报告。\n\nPython {py}，Qt {qt}").format(
            py=platform.python_version(), qt=qt_version
        ),
    )
