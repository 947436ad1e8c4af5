"""Legacy reports: the optional 统计表 attached to the report (include or leave out, and fill it)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from forms.checks import Finding
from forms.i18n import _
from ui import routing
from ui.document import ReportDocument
from ui.pages import NoticeLabel, Page, heading_label
from ui.table_model import ReportTableModel
from ui.table_view import TableBlock


class AttachmentPage(Page):
    page_id = routing.ATTACHMENT

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        fmt = doc.draft.fmt
        assert fmt.attachment is not None
        self.table_key = fmt.attachment["table"]
        self.heading = heading_label("", self)
        self.include = QCheckBox(_("在报告后附上这张统计表"), self)
        self.include.setAccessibleName(_("附上统计表"))
        self.include.setChecked(doc.draft.table(self.table_key).included)
        self.include.toggled.connect(self._toggle)
        self.notice = NoticeLabel(self)  # fixed room: findings coming and going move nothing
        self.model = ReportTableModel(doc, fmt.tables[self.table_key], self)
        self.table_block = TableBlock(self.model, self)
        self.table_block.setEnabled(self.include.isChecked())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.include)
        layout.addWidget(self.notice)
        layout.addWidget(self.table_block, 1)
        self.refresh()

    def title(self) -> str:
        assert self.doc.draft.fmt.attachment is not None
        return _("附件：统计表")

    def started(self) -> bool:
        data = self.doc.draft.table(self.table_key)
        return data.included and bool(data.values)

    def shows_badge(self) -> bool:
        return self.doc.draft.table(self.table_key).included

    def _toggle(self, on: bool) -> None:
        self.doc.draft.table(self.table_key).included = on
        self.table_block.setEnabled(on)
        self.doc.edited()

    def refresh(self) -> None:
        m = self.doc.draft.meta
        att = self.doc.draft.fmt.attachment
        assert att is not None
        self.heading.setText(f"{att['label']}　{att['title'].format(year=m.year, org=m.org)}")
        fmt = self.doc.draft.fmt
        mine = [f for f in self.doc.findings if not f.cells and routing.ATTACHMENT in routing.finding_pages(fmt, f)]
        self.notice.show_findings(mine)

    def focus_finding(self, finding: Finding) -> None:
        for cid in finding.cells:
            if cid.split(".", 1)[0] == self.table_key:
                self.table_block.view.select_cell(cid)
                return
