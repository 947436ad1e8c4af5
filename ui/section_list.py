"""The list of pages on the left, each with a badge: 未开始 / 已完成 / n个错误 / n个警告."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from forms.checks import Finding
from forms.i18n import _

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex

BADGE_COLOURS = {
    "error": (QColor("#c62828"), QColor("white")),
    "warning": (QColor("#f0b429"), QColor("#3b2a00")),
    "done": (QColor("#2e7d32"), QColor("white")),
    "empty": (QColor("#d5d5d5"), QColor("#333333")),
}


def badge_for(findings: list[Finding], started: bool) -> tuple[str, str]:
    """(kind, text) of a page's badge; acknowledged warnings and hints do not count."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.acknowledged)
    if errors:
        return "error", _("{n}个错误").format(n=errors)
    if warnings:
        return "warning", _("{n}个警告").format(n=warnings)
    if started:
        return "done", _("已完成")
    return "empty", _("未开始")


class _BadgeDelegate(QStyledItemDelegate):
    """Two lines per page: the title (elided to the list's width), and the badge under it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badge = index.data(BADGE_ROLE)
        kind = index.data(KIND_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        fm = opt.fontMetrics
        line = fm.height()
        if not badge:
            super().paint(painter, option, index)
            return
        widget = opt.widget
        style = widget.style() if widget is not None else None
        title_rect = QRect(opt.rect.left(), opt.rect.top() + line // 4, opt.rect.width(), line + line // 4)
        if style is not None:
            background = QStyleOptionViewItem(opt)
            background.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, widget)
            text_opt = QStyleOptionViewItem(opt)
            text_opt.rect = title_rect
            text_opt.backgroundBrush = QBrush()
            text_opt.state = opt.state & ~QStyle.StateFlag.State_HasFocus
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_opt, painter, widget)
        pad = fm.horizontalAdvance(" ")
        width = fm.horizontalAdvance(badge) + 3 * pad
        rect = QRect(opt.rect.left() + 2 * pad, title_rect.bottom() + line // 8, width, line)
        bg, fg = BADGE_COLOURS.get(kind, BADGE_COLOURS["empty"])
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, line / 2, line / 2)
        painter.setPen(fg)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.height()
        rows = 2 if index.data(BADGE_ROLE) else 1
        return QSize(option.fontMetrics.horizontalAdvance("国") * 6, int(line * (rows + 0.9)))


class SectionList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_BadgeDelegate(self))
        self.setAccessibleName(_("报告的各个部分"))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)

    def add_page(self, page_id: str, title: str) -> QListWidgetItem:
        item = QListWidgetItem(title, self)
        item.setData(PAGE_ID_ROLE, page_id)
        return item

    def item_for(self, page_id: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(PAGE_ID_ROLE) == page_id:
                return item
        return None

    def set_badge(self, page_id: str, title: str, kind: str | None, text: str) -> None:
        item = self.item_for(page_id)
        if item is None:
            return
        if item.text() != title:
            item.setText(title)
        if item.data(BADGE_ROLE) != text or item.data(KIND_ROLE) != kind:
            item.setData(BADGE_ROLE, text)
            item.setData(KIND_ROLE, kind)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}，{text}" if text else title)
            item.setToolTip(f"{title}\n{text}" if text else title)

    def badge(self, page_id: str) -> str:
        item = self.item_for(page_id)
        return str(item.data(BADGE_ROLE) or "") if item is not None else ""
