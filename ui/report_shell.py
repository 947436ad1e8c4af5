"""The report window's body: page list with badges, the pages, 上一步/下一步, the findings panel.

Not a QWizard: a clerk jumps between sections at will, nothing blocks moving on, and every
edit repaints the badges, the cell marks and the findings at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Finding
from forms.i18n import _
from ui import routing
from ui.attachment_page import AttachmentPage
from ui.document import ReportDocument
from ui.findings_panel import FindingsPanel
from ui.last_year_page import LastYearPage
from ui.meta_page import MetaPage
from ui.pages import Page
from ui.preview_page import PreviewPage
from ui.section_list import SectionList, badge_for
from ui.sections_page import SectionsPage
from ui.table_view import ReportTableView
from ui.text_page import SectionPage
from ui.visits import Visits


class ReportShell(QWidget):
    export_requested = Signal()

    def __init__(
        self,
        doc: ReportDocument,
        options_factory: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc = doc
        self._options_factory = options_factory
        self.pages: dict[str, Page] = {}
        self._stale: set[Page] = set()
        self.visits = Visits()
        self.section_list = SectionList(self)
        self.stack = QStackedWidget(self)
        self.findings = FindingsPanel(self)
        self.prev_button = QPushButton(_("上一步"), self)
        self.next_button = QPushButton(_("下一步"), self)
        self.export_button = QPushButton(_("导出报告…"), self)
        self.prev_button.setAccessibleName(_("上一部分"))
        self.next_button.setAccessibleName(_("下一部分"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.export_button.clicked.connect(self.export_requested)

        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.export_button)
        centre = QWidget(self)
        clayout = QVBoxLayout(centre)
        clayout.setContentsMargins(0, 0, 0, 0)
        clayout.addWidget(self.stack, 1)
        clayout.addLayout(nav)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.section_list)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.findings)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        em = self.fontMetrics().horizontalAdvance("国")
        # the findings panel wide enough for a message in three or four lines (the clerk can widen it)
        self.splitter.setSizes([17 * em, 58 * em, 25 * em])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        self.section_list.currentRowChanged.connect(self._row_changed)
        self.findings.activated.connect(self.show_finding)
        self.findings.acknowledge_requested.connect(self.doc.acknowledge)
        self.findings.withdraw_requested.connect(self.doc.withdraw_acknowledgement)
        doc.changed.connect(self.refresh)
        doc.open_texts = self.open_texts
        doc.sections_replaced.connect(self._sections_replaced)
        self.build_pages()

    # --- pages ---------------------------------------------------------------------------------
    def build_pages(self, keep: str | None = None) -> None:
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self._stale.clear()
        self.section_list.blockSignals(True)
        self.section_list.clear()
        draft = self.doc.draft
        pages: list[Page] = [MetaPage(self.doc), LastYearPage(self.doc)]
        if draft.fmt.sections_editable:
            sections_page = SectionsPage(self.doc)
            sections_page.structure_changed.connect(self._structure_changed)
            pages.append(sections_page)
        pages.extend(SectionPage(self.doc, sec) for sec in draft.sections)
        if draft.fmt.attachment is not None:
            pages.append(AttachmentPage(self.doc))
        pages.append(PreviewPage(self.doc, self._options_factory))
        for page in pages:
            self.pages[page.page_id] = page
            self.stack.addWidget(page)
            self.section_list.add_page(page.page_id, page.title())
        self.section_list.blockSignals(False)
        self.refresh()
        self.go_to(keep if keep in self.pages else routing.META)

    def _structure_changed(self) -> None:
        # rebuilt after the signal has returned: the sections page emitting it is among the pages replaced
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self.build_pages(keep=routing.SECTIONS))

    def _sections_replaced(self) -> None:
        """Undo/redo of a section edit: the pages follow the sections (after the step has returned)."""
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, lambda: self.build_pages(keep=self.current_page().page_id))

    def current_page(self) -> Page:
        page = self.stack.currentWidget()
        assert isinstance(page, Page)
        return page

    def page_ids(self) -> list[str]:
        return list(self.pages)

    def go_to(self, page_id: str) -> None:
        page = self.pages.get(page_id)
        if page is None:
            return
        row = list(self.pages).index(page_id)
        if self.section_list.currentRow() != row:
            self.section_list.setCurrentRow(row)
        else:
            self._row_changed(row)

    # --- what is typed but not yet entered ------------------------------------------------------
    def _table_views(self) -> list[ReportTableView]:
        return self.findChildren(ReportTableView)

    def commit_edits(self) -> None:
        """Make the screen the draft: an input method's unfinished text and open cell editors are
        entered, before a save, a close or anything else that reads the draft."""
        QGuiApplication.inputMethod().commit()
        for view in self._table_views():
            view.commit_open_editor()

    def open_texts(self) -> list[tuple[str, str]]:
        return [t for view in self._table_views() if (t := view.open_text()) is not None]

    def _row_changed(self, row: int) -> None:
        ids = list(self.pages)
        if not 0 <= row < len(ids):
            return
        page = self.pages[ids[row]]
        if page is not self.stack.currentWidget():
            self.commit_edits()  # leaving a page enters what is typed on it
        if page in self._stale:
            self._stale.discard(page)
            page.refresh()
        if page.page_id not in self.visits.pages:
            self.visits.visit(page.page_id)
            self.refresh_findings()
        self.stack.setCurrentWidget(page)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < len(ids) - 1)
        page.page_shown()

    def step(self, delta: int) -> None:
        """上一步/下一步: never blocked by findings; the badges say what is left."""
        row = self.section_list.currentRow() + delta
        if 0 <= row < self.section_list.count():
            self.section_list.setCurrentRow(row)

    # --- findings -------------------------------------------------------------------------------------
    def shown_findings(self) -> list[Finding]:
        """The findings on show: those of untouched pages the clerk has not been to wait (ui.visits)."""
        pages = self.pages

        def started(page_id: str) -> bool:
            page = pages.get(page_id)
            return page is None or page.started()

        return self.visits.shown(self.doc.draft.fmt, self.doc.findings, started)

    def check_all(self) -> list[Finding]:
        """检查全部 (and every export): the draft as it is now, every finding shown from now on."""
        self.commit_edits()
        self.doc.wait_for_checks()
        self.visits.check_all()
        self.refresh_findings()
        return self.doc.findings

    def refresh(self, _cells: object = None) -> None:
        current = self.stack.currentWidget()
        for page in self.pages.values():
            # only the page on screen is brought up to date now; the others when they are shown
            if page is current:
                page.refresh()
            else:
                self._stale.add(page)
        self.refresh_findings()

    def refresh_findings(self) -> None:
        """The badges and the findings panel."""
        shown = self.shown_findings()
        per_page = routing.by_page(self.doc.draft.fmt, shown)
        for page_id, page in self.pages.items():
            if page.shows_badge():
                kind, text = badge_for(per_page.get(page_id, []), page.started())
            else:
                kind, text = None, ""
            self.section_list.set_badge(page_id, page.title(), kind, text)
        waiting = sum(1 for f in self.doc.findings if f.severity != "hint") - sum(f.severity != "hint" for f in shown)
        self.findings.set_findings(shown, checking=self.doc.checking, waiting=waiting)

    def show_finding(self, finding: Finding) -> None:
        targets = routing.finding_pages(self.doc.draft.fmt, finding)
        if not targets:
            return
        current = self.stack.currentWidget()
        current_id = current.page_id if isinstance(current, Page) else None
        page_id = current_id if current_id in targets else targets[0]
        self.go_to(page_id)
        self.pages[page_id].focus_finding(finding)
