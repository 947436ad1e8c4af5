"""Legacy reports: add, retitle, reorder and remove sections, and say which statutory items each covers."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.i18n import _
from forms.model import SectionText
from ui import routing
from ui.document import ReportDocument
from ui.pages import NoticeLabel, Page, heading_label
from ui.widgets import ask_yes_no, wrapped_label


class SectionsPage(Page):
    page_id = routing.SECTIONS
    #: sections were added, removed, retitled or reordered: the shell rebuilds its pages
    structure_changed = Signal()

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("报告的章节"))
        self.items = QListWidget(self)
        self.items.setAccessibleName(_("本章节报告的法定事项"))
        self.notice = NoticeLabel(self)  # fixed room: findings coming and going move nothing
        buttons = QVBoxLayout()
        self.add_button = QPushButton(_("添加章节…"), self)
        self.rename_button = QPushButton(_("修改标题…"), self)
        self.up_button = QPushButton(_("上移"), self)
        self.down_button = QPushButton(_("下移"), self)
        self.remove_button = QPushButton(_("删除章节"), self)
        for b in (self.add_button, self.rename_button, self.up_button, self.down_button, self.remove_button):
            b.setAccessibleName(b.text().rstrip("…"))
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.add_button.clicked.connect(lambda: self.add_section())
        self.rename_button.clicked.connect(lambda: self.rename_section())
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(1))
        self.remove_button.clicked.connect(lambda: self.remove_section())
        self.list.currentRowChanged.connect(self._show_items)
        self.items.itemChanged.connect(self._item_toggled)

        top = QHBoxLayout()
        top.addWidget(self.list, 2)
        top.addLayout(buttons)
        items_box = QGroupBox(_("选中章节报告的法定事项（2007年条例第三十二条）"), self)
        ilayout = QVBoxLayout(items_box)
        ilayout.addWidget(self.items)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(_("章节设置"), self))
        layout.addWidget(
            wrapped_label(
                _("可以修改章节标题、调整顺序、增删章节。每个法定事项都应有章节报告，程序据此检查是否缺项。"), self
            )
        )
        layout.addWidget(self.notice)
        layout.addLayout(top, 2)
        layout.addWidget(items_box, 1)
        self._fill()

    def title(self) -> str:
        return _("章节设置")

    def shows_badge(self) -> bool:
        return False

    def _fill(self, row: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for sec in self.doc.draft.sections:
            self.list.addItem(self.doc.draft.section_title(sec))
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._show_items(self.list.currentRow())

    def _current(self) -> SectionText | None:
        row = self.list.currentRow()
        sections = self.doc.draft.sections
        return sections[row] if 0 <= row < len(sections) else None

    def _show_items(self, row: int) -> None:
        sec = self._current()
        self.items.blockSignals(True)
        self.items.clear()
        for item in self.doc.draft.fmt.items:
            entry = QListWidgetItem(item.title + ("" if item.mandatory else _("（可选）")), self.items)
            entry.setData(Qt.ItemDataRole.UserRole, item.key)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = sec is not None and item.key in sec.items
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.items.blockSignals(False)
        self.items.setEnabled(sec is not None)

    def _item_toggled(self, entry: QListWidgetItem) -> None:
        sec = self._current()
        if sec is None:
            return
        key = str(entry.data(Qt.ItemDataRole.UserRole))
        sections, sec = self._edited_copy()
        if entry.checkState() == Qt.CheckState.Checked and key not in sec.items:
            sec.items.append(key)
        elif entry.checkState() != Qt.CheckState.Checked and key in sec.items:
            sec.items.remove(key)
        self.doc.set_sections(sections, _("修改章节报告的事项"))

    def _edited_copy(self) -> tuple[list[SectionText], SectionText]:
        """A copy of the sections to edit (the undo step keeps the ones before), and its current one."""
        sections = copy.deepcopy(self.doc.draft.sections)
        return sections, sections[max(self.list.currentRow(), 0)]

    # --- structure --------------------------------------------------------------------------------
    def add_section(self, title: str | None = None) -> None:
        if not title:
            title, ok = QInputDialog.getText(self, _("添加章节"), _("新章节的标题（例如“八、其他事项”）："))
            if not ok or not title.strip():
                return
        keys = {s.key for s in self.doc.draft.sections}
        n = 1
        while f"custom{n}" in keys:
            n += 1
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(self.doc.draft.sections)
        sections = copy.deepcopy(self.doc.draft.sections)
        sections.insert(row, SectionText(key=f"custom{n}", title=title.strip()))
        self._changed(row, sections, _("添加章节"))

    def rename_section(self, title: str | None = None) -> None:
        sec = self._current()
        if sec is None:
            return
        if not title:
            title, ok = QInputDialog.getText(
                self, _("修改标题"), _("章节标题："), text=self.doc.draft.section_title(sec)
            )
            if not ok or not title.strip():
                return
        sdef = self.doc.draft.fmt.section(sec.key)
        sections, sec = self._edited_copy()
        sec.title = None if sdef is not None and title.strip() == sdef.title else title.strip()
        self._changed(self.list.currentRow(), sections, _("修改章节标题"))

    def move_section(self, step: int) -> None:
        row = self.list.currentRow()
        sections = copy.deepcopy(self.doc.draft.sections)
        target = row + step
        if row < 0 or not 0 <= target < len(sections):
            return
        sections[row], sections[target] = sections[target], sections[row]
        self._changed(target, sections, _("移动章节"))

    def remove_section(self, confirm: bool = True) -> None:
        sec = self._current()
        if sec is None:
            return
        has_text = any(p.text for p in sec.before + sec.after)
        question = _("删除章节“{title}”吗？").format(title=self.doc.draft.section_title(sec))
        if confirm and has_text and not ask_yes_no(self, question, _("本章节的文字将一并删除。")):
            return
        row = self.list.currentRow()
        sections = copy.deepcopy(self.doc.draft.sections)
        del sections[row]
        self._changed(max(row - 1, 0), sections, _("删除章节"))

    def _changed(self, row: int, sections: list[SectionText], text: str) -> None:
        self.doc.set_sections(sections, text)
        self._fill(row)
        self.structure_changed.emit()

    def refresh(self) -> None:
        mine = [f for f in self.doc.findings if f.rule == "G3"]
        self.notice.show_findings(mine)
