"""What every page of the report window provides to the shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QWidget

from ui.widgets import heading_label

if TYPE_CHECKING:
    from forms.checks import Finding
    from ui.document import ReportDocument

__all__ = ["Page", "finding_lines", "heading_label", "show_notice"]


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
