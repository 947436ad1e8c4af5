"""A report section: its text (before and after its table), the table, guidance and last year's text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Finding
from forms.i18n import _
from forms.model import Paragraph, SectionText
from ui import routing
from ui.document import ReportDocument
from ui.edits import section_target
from ui.pages import NoticeLabel, Page, heading_label
from ui.paragraph_editor import ParagraphEditor
from ui.pictures import PicturesPanel
from ui.table_model import ReportTableModel
from ui.table_view import TableBlock
from ui.widgets import scrolling, show_status, wrapped_label


class SectionPage(Page):
    def __init__(self, doc: ReportDocument, section: SectionText, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self._section = section
        self.page_id = routing.section_page(section.key)
        fmt = doc.draft.fmt
        self.sdef = fmt.section(section.key)
        self.heading = heading_label(doc.draft.section_title(section), self)

        self.before = ParagraphEditor(_("正文"), self)
        self.before.set_paragraphs(section.before)
        self.before.changed.connect(self._before_changed)
        self.after: ParagraphEditor | None = None
        self.table_block: TableBlock | None = None
        self.model: ReportTableModel | None = None
        self.notice = NoticeLabel(self)  # fixed room: findings coming and going move nothing
        self.notice.setAccessibleName(_("本节的检查提示"))

        main = QSplitter(Qt.Orientation.Vertical, self)
        table_key = self.sdef.table if self.sdef else None
        if table_key:
            self.before.edit.setAccessibleName(_("表格前的文字"))
            self.model = ReportTableModel(doc, fmt.tables[table_key], self)
            self.table_block = TableBlock(self.model, self)
            self.after = ParagraphEditor(_("表格后的文字"), self)
            self.after.set_paragraphs(section.after)
            self.after.changed.connect(self._after_changed)
            main.addWidget(self._boxed(_("表格前的文字（可不填）"), self.before))
            main.addWidget(self.table_block)
            main.addWidget(self._boxed(_("表格后的文字（可不填）"), self.after))
            main.setStretchFactor(0, 0)
            main.setStretchFactor(1, 1)
            main.setStretchFactor(2, 0)
            # the table gets the room; the optional texts start at a few lines each
            line = self.fontMetrics().lineSpacing()
            for editor in (self.before, self.after):
                editor.edit.setMinimumHeight(line * 2)
            # on a small screen (1280×720 at 150 %) the texts give way to the table, not the window to the screen
            main.setMinimumHeight(line * 12)
            self._main_split: QSplitter | None = main
        else:
            self._main_split = None
            main.addWidget(self.before)
        self.pictures = PicturesPanel(doc, section, bool(table_key), self)  # pictures and 统计图 (ui/pictures.py)
        main.addWidget(self._boxed(_("图片和统计图（可不加）"), self.pictures))
        main.setStretchFactor(main.count() - 1, 0)  # the text, or the table, takes the height
        if not table_key:
            main.setStretchFactor(0, 1)

        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        if self.sdef and self.sdef.guidance:
            guide = wrapped_label(self.sdef.guidance, side)
            guide.setAccessibleName(_("填写说明"))
            side_layout.addWidget(self._boxed(_("填写说明"), guide))
        if self.sdef and self.sdef.outline:
            outline = wrapped_label("\n".join(self.sdef.outline), side)
            insert = QPushButton(_("插入常用提纲"), side)
            insert.setAccessibleName(_("把常用提纲作为二级标题插入正文"))
            insert.clicked.connect(self._insert_outline)
            box = QWidget(side)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(outline)
            box_layout.addWidget(insert)
            side_layout.addWidget(self._boxed(_("常用提纲"), box))
        self.last_text = QPlainTextEdit(side)
        self._last_shown = ""
        self.last_text.setReadOnly(True)
        self.last_text.setAccessibleName(_("上年本节的文字"))
        self.last_text.setPlaceholderText(_("没有上年的文字。可在“上年数据”页填入，或从上年草稿新建报告。"))
        copy = QPushButton(_("复制上年文字到本年"), side)
        copy.setAccessibleName(_("把上年本节的文字追加到本年正文"))
        copy.setToolTip(_("上年的文字不会自动带入；复制后请按本年情况修改，避免与上年雷同。"))
        copy.clicked.connect(self._copy_last_year)
        box = QWidget(side)
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(self.last_text, 1)
        box_layout.addWidget(copy)
        side_layout.addWidget(self._boxed(_("上年本节文字"), box), 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(main)
        split.addWidget(scrolling(side))  # its boxes scroll on a small screen, not the window's height
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)
        self.side = side
        # a table needs the width: its guidance and last year's text are one click away
        self.side_button = QToolButton(self)
        self.side_button.setText(_("填写说明和上年文字"))
        self.side_button.setCheckable(True)
        self.side_button.setAccessibleName(_("显示或隐藏填写说明和上年文字"))
        self.side_button.toggled.connect(side.parentWidget().parentWidget().setVisible)
        self.side_button.setChecked(table_key is None)
        side.parentWidget().parentWidget().setVisible(table_key is None)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.side_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(split, 1)
        doc.texts_replaced.connect(self._texts_replaced)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._main_split is not None:  # sized once, when the real height is known
            split, self._main_split = self._main_split, None
            line = self.fontMetrics().lineSpacing()
            total = sum(split.sizes())
            texts = line * 5
            # the pictures' box below (its buttons, and the list once there are pictures)
            pictures = split.widget(3).sizeHint().height() if split.count() > 3 else 0
            if total < line * 24:  # a small screen: the table first; the text after it a drag away
                before = split.widget(0).minimumSizeHint().height()
                split.setSizes([before, total - before, 0, 0])
                return
            split.setSizes([texts, max(total - 2 * texts - pictures, line * 8), texts, pictures])

    @property
    def section(self) -> SectionText:
        """The draft's section of this page (undo may have put a copy of it in its place)."""
        return self.doc.draft.section(self._section.key) or self._section

    def _texts_replaced(self, target: object, cursor: object) -> None:
        for part, editor in (("before", self.before), ("after", self.after)):
            if editor is not None and target == section_target(self.section.key, part):
                editor.show_paragraphs(getattr(self.section, part), cursor if isinstance(cursor, int) else None)

    @staticmethod
    def _boxed(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QHBoxLayout(box)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(widget)
        return box

    def title(self) -> str:
        return self.doc.draft.section_title(self.section)

    def started(self) -> bool:
        outline = set(self.sdef.outline) if self.sdef else set()  # the headings a new draft starts with
        if any(p.text and p.text not in outline for p in self.section.before + self.section.after):
            return True
        return bool(self.model and self.doc.draft.table(self.model.table.key).values)

    # --- edits ----------------------------------------------------------------------------------
    def _before_changed(self) -> None:
        self.doc.set_paragraphs(
            section_target(self.section.key, "before"), self.before.paragraphs(), self.before.cursors()
        )

    def _after_changed(self) -> None:
        assert self.after is not None
        self.doc.set_paragraphs(
            section_target(self.section.key, "after"), self.after.paragraphs(), self.after.cursors()
        )

    def _insert_outline(self) -> None:
        assert self.sdef is not None
        self.before.append_paragraphs([Paragraph(line, 2) for line in self.sdef.outline])

    def _copy_last_year(self) -> None:
        text = self.doc.draft.last_year.texts.get(self.section.key, "")
        if not text.strip():
            show_status(self, _("没有可复制的上年文字。"))
            return
        self.before.append_paragraphs([Paragraph(line.strip()) for line in text.splitlines() if line.strip()])
        show_status(self, _("已复制上年文字，请按本年情况修改。"))

    # --- shell ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.heading.setText(self.doc.draft.section_title(self.section))
        last = self.doc.draft.last_year.texts.get(self.section.key, "")
        if last != self._last_shown:  # not toPlainText(): a long text would be copied out on every keystroke
            self._last_shown = last
            self.last_text.setPlainText(last)
        field = f"section.{self.section.key}"
        mine = [f for f in self.doc.findings if field in f.fields]
        self.notice.show_findings(mine)

    def focus_finding(self, finding: Finding) -> None:
        if self.model is not None and self.table_block is not None:
            for cid in finding.cells:
                if cid.split(".", 1)[0] == self.model.table.key:
                    self.table_block.view.select_cell(cid)
                    return
        self.before.edit.setFocus(Qt.FocusReason.OtherFocusReason)
