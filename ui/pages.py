"""What every page of the report window provides to the shell."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from forms.i18n import _
from ui.widgets import heading_label

if TYPE_CHECKING:
    from forms.checks import Finding
    from ui.document import ReportDocument

__all__ = ["NoticeLabel", "Page", "finding_lines", "heading_label", "show_notice"]


class Page(QWidget):
    """A page of the section shell; ``page_id`` follows ui.routing."""

    page_id = ""

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc

    def title(self) -> str:
        raise NotImplementedError

    def started(self) -> bool:
        """Whether the clerk has entered anything here (未开始 otherwise)."""
        return True

    def shows_badge(self) -> bool:
        return True

    def refresh(self) -> None:
        """The draft changed (any page): update what this page derives from it."""

    def focus_finding(self, finding: Finding) -> None:
        """Select the cell or field the finding names."""

    def page_shown(self) -> None:
        """The page became the current one."""


def finding_lines(findings: list[Finding]) -> str:
    """Findings as short HTML lines for an in-place notice under an editor."""
    from html import escape

    colours = {"error": "#b00000", "warning": "#8a5a00", "hint": "#555555"}
    lines = []
    for f in findings:
        if f.acknowledged:
            continue
        lines.append(f'<span style="color:{colours.get(f.severity, "#555")}">● {escape(f.message)}</span>')
    return "<br>".join(lines)


def show_notice(label: QLabel, html: str) -> None:
    """Findings in place under a heading; the label is touched only when its text changes."""
    if label.text() != html:
        label.setText(html)
    if label.isHidden() == bool(html):
        label.setVisible(bool(html))


NOTICE_COLOURS = {"error": "#b00000", "warning": "#8a5a00", "hint": "#555555"}
#: lines of room under a page's title, there whether or not there is anything to say
NOTICE_LINES = 2


class NoticeLabel(QLabel):
    """A page's findings under its title, in a room of fixed height: findings that come and go
    never move the table or the editor under it.  Each line is elided to the width (the whole
    text is the tooltip, and every finding is in 检查结果)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[tuple[str, str]] = []
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * NOTICE_LINES + 4)

    def show_findings(self, findings: list[Finding]) -> None:
        lines = [(f.severity, f.message) for f in findings if not f.acknowledged]
        if lines == self._lines:
            return
        self._lines = lines
        self.setToolTip("\n".join(f"● {m}" for _s, m in lines))
        self.setAccessibleDescription(" ".join(m for _s, m in lines))
        self._paint_lines()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._paint_lines()

    def _paint_lines(self) -> None:
        shown = self._lines
        if len(shown) > NOTICE_LINES:
            more = _("另有 {n} 条，见右侧“检查结果”").format(n=len(shown) - NOTICE_LINES + 1)
            shown = [*shown[: NOTICE_LINES - 1], ("hint", more)]
        fm = self.fontMetrics()
        width = max(self.width() - 4, 0)
        html = "<br>".join(
            f'<span style="color:{NOTICE_COLOURS.get(sev, "#555")}">'
            f"{escape(fm.elidedText('● ' + msg, Qt.TextElideMode.ElideRight, width))}</span>"
            for sev, msg in shown
        )
        if self.text() != html:
            self.setText(html)
