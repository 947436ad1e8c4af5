"""预览: the report as the HTML renderer makes it (what the county website will show)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from forms.i18n import _
from ui import routing
from ui.document import ReportDocument
from ui.pages import Page, heading_label
from ui.widgets import wrapped_label

log = logging.getLogger(__name__)


class PreviewPage(Page):
    page_id = routing.PREVIEW

    def __init__(self, doc: ReportDocument, options_factory: object = None, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self._options_factory = options_factory
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(_("报告预览"))
        refresh = QPushButton(_("刷新预览"), self)
        refresh.clicked.connect(self.render)
        bar = QHBoxLayout()
        bar.addWidget(heading_label(_("预览"), self), 1)
        bar.addWidget(refresh)
        #: why the preview does not use the clerk's own template (a refused folder never falls
        #: back to the built-in one without saying so)
        self.template_note = wrapped_label("", self)
        self.template_note.setStyleSheet("color:#8a5a00")
        self.template_note.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.template_note)
        layout.addWidget(self.browser, 1)
        self._stale = True
        doc.changed.connect(self._mark_stale)

    def title(self) -> str:
        return _("预览")

    def shows_badge(self) -> bool:
        return False

    def _mark_stale(self, _cells: object = None) -> None:
        self._stale = True
        if self.isVisible():
            self.render()

    def page_shown(self) -> None:
        if self._stale:
            self.render()

    def render(self) -> None:
        from forms.render import RenderOptions
        from forms.render.html import render_html_with_warnings

        options = self._options_factory() if callable(self._options_factory) else RenderOptions()
        try:
            html, warnings = render_html_with_warnings(self.doc.draft, options, full_page=True)
        except Exception as exc:  # a broken template must not take the window down
            log.exception("preview failed")
            self.browser.setPlainText(_("预览生成失败：{err}").format(err=exc))
            return
        note = "\n".join(warnings)
        if self.template_note.text() != note:
            self.template_note.setText(note)
        self.template_note.setVisible(bool(warnings))
        bar = self.browser.verticalScrollBar()
        pos = bar.value()
        self.browser.setHtml(html)
        bar.setValue(pos)
        self._stale = False
