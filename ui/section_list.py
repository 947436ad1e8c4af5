"""The list of pages on the left, each with a badge: 未开始 / 已完成 / n个错误 / n个警告."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from forms.checks import Finding
from forms.i18n import _

PAGE_ID_ROLE = Qt.ItemDataRole.UserRole

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


#: a section's name wraps to two lines (the rest elided, whole in the tooltip)
TITLE_LINES = 2


def title_lines(title: str, fm: QFontMetrics, width: int) -> list[str]:
    """The name broken where the width ends (Chinese breaks between any two characters)."""
    lines: list[str] = []
    rest = title
    while rest and len(lines) < TITLE_LINES - 1:
        if fm.horizontalAdvance(rest) <= width:
            break
        cut = len(rest)
        while cut > 1 and fm.horizontalAdvance(rest[:cut]) > width:
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        lines.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class _BadgeDelegate(QStyledItemDelegate):
    """Three lines per page: the title (in two lines, the rest elided), and the badge under it."""

    def __init__(self, badges: dict[str, tuple[str | None, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.badges = badges

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        title = opt.text
        opt.text = ""
        if style is not None:  # background, selection and focus, as the platform draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        fm = opt.fontMetrics
        line = fm.height()
        pad = fm.horizontalAdvance(" ")
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        width = opt.rect.width() - 2 * pad
        lines = title_lines(title, fm, width)
        top = opt.rect.top() + line // 3
        for n in range(TITLE_LINES):  # the room of two lines, used or not: every row is as tall
            if n < len(lines):
                painter.drawText(
                    QRect(opt.rect.left() + pad, top + n * line, width, line),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    lines[n],
                )
        title_rect = QRect(opt.rect.left() + pad, top + (len(lines) - 1) * line, width, line)
        kind, badge = self.badges.get(index.data(PAGE_ID_ROLE), (None, ""))
        if badge:
            width = fm.horizontalAdvance(badge) + 3 * pad
            rect = QRect(opt.rect.left() + 2 * pad, title_rect.bottom() + line // 4, width, line)
            bg, fg = BADGE_COLOURS.get(kind, BADGE_COLOURS["empty"])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(rect, line / 2, line / 2)
            painter.setPen(fg)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), badge)
        painter.restore()

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            _kind, badge = self.badges.get(index.data(PAGE_ID_ROLE), (None, ""))
            title = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            QToolTip.showText(event.globalPos(), f"{title}\n{badge}" if badge else title, view)
            return True
        return super().helpEvent(event, view, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # one size for every row, with or without a badge: a badge that changes never relays out the list
        line = option.fontMetrics.height()
        return QSize(option.fontMetrics.horizontalAdvance("国") * 6, int(line * (TITLE_LINES + 1.9)))


class SectionList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.badges: dict[str, tuple[str | None, str]] = {}
        self.setItemDelegate(_BadgeDelegate(self.badges, self))
        # page id -> (kind, text); kept here, not in the items, because changing an item's data
        # makes the list lay out and repaint every row, on every edit
        self.setAccessibleName(_("报告的各个部分"))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.setUniformItemSizes(True)
        self.currentItemChanged.connect(self._describe)
        self._items: dict[str, QListWidgetItem] = {}

    def clear(self) -> None:
        super().clear()
        self._items.clear()
        self.badges.clear()  # the delegate holds the same dict

    def add_page(self, page_id: str, title: str) -> QListWidgetItem:
        item = QListWidgetItem(title, self)
        item.setData(PAGE_ID_ROLE, page_id)
        self._items[page_id] = item
        return item

    def item_for(self, page_id: str) -> QListWidgetItem | None:
        return self._items.get(page_id)

    def set_badge(self, page_id: str, title: str, kind: str | None, text: str) -> None:
        item = self.item_for(page_id)
        if item is None:
            return
        if item.text() != title:
            item.setText(title)
        if self.badges.get(page_id) != (kind, text):
            self.badges[page_id] = (kind, text)
            self.viewport().update(self.visualItemRect(item))

    def _describe(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        """Screen readers hear the badge of the row the clerk moves to (set then, not on every edit)."""
        if item is not None:
            _kind, badge = self.badges.get(item.data(PAGE_ID_ROLE), (None, ""))
            text = f"{item.text()}，{badge}" if badge else item.text()
            if item.data(Qt.ItemDataRole.AccessibleTextRole) != text:
                item.setData(Qt.ItemDataRole.AccessibleTextRole, text)

    def badge(self, page_id: str) -> str:
        return self.badges.get(page_id, (None, ""))[1]
