"""The findings panel: every finding of the checks; clicking one jumps to its cell or field.

A warning can be acknowledged with a note (kept in the draft); it then stays listed, greyed,
with its note, and no longer counts in the badges.  When its value changes it returns and
shows the old note.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from forms.checks import Finding
from forms.i18n import _

SEVERITY_NAMES = {"error": _("错误"), "warning": _("警告"), "hint": _("提示")}
_ORDER = {"error": 0, "warning": 1, "hint": 2}

Index = QModelIndex | QPersistentModelIndex


class FindingsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self._icons: dict[str, Any] = {}

    def set_findings(self, findings: list[Finding]) -> None:
        ordered = sorted(enumerate(findings), key=lambda p: (p[1].acknowledged, _ORDER.get(p[1].severity, 3), p[0]))
        self.beginResetModel()
        self.findings = [f for _i, f in ordered]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.findings)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.findings):
            return None
        f = self.findings[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            # the clerk reads plain Chinese (the icon says 错误/警告/提示); the rule id is for reviewers
            text = f.message
            if role == Qt.ItemDataRole.AccessibleTextRole:
                text = f"{SEVERITY_NAMES.get(f.severity, f.severity)}：{text}"
            if f.acknowledged:
                text += _("\n已确认：{note}").format(note=f.note)
            elif f.previous_note:
                text += _("\n数值已改变；原确认说明：{note}").format(note=f.previous_note)
            if role == Qt.ItemDataRole.ToolTipRole:
                text = _("{severity}：{text}\n（检查规则 {rule}，见 docs/checks.md）").format(
                    severity=SEVERITY_NAMES.get(f.severity, f.severity), text=text, rule=f.rule
                )
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(f)
        if role == Qt.ItemDataRole.ForegroundRole and (f.acknowledged or f.severity == "hint"):
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.UserRole:
            return f
        return None

    def _icon(self, f: Finding) -> Any:
        from PySide6.QtWidgets import QApplication

        kind = "ack" if f.acknowledged else f.severity
        if kind not in self._icons:
            pixmap = {
                "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
                "hint": QStyle.StandardPixmap.SP_MessageBoxInformation,
                "ack": QStyle.StandardPixmap.SP_DialogApplyButton,
            }.get(kind, QStyle.StandardPixmap.SP_MessageBoxInformation)
            self._icons[kind] = QApplication.style().standardIcon(pixmap)
        return self._icons[kind]


class _WrappedDelegate(QStyledItemDelegate):
    """A row as tall as its message wrapped to the list's width: nothing cut with "…"."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._view.viewport().width() - 2 * self._view.spacing()
        icon = opt.decorationSize.width() + 3 * opt.fontMetrics.horizontalAdvance(" ") if opt.icon else 0
        text_width = max(width - icon - 12, 4 * opt.fontMetrics.horizontalAdvance("国"))
        flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
        rect = opt.fontMetrics.boundingRect(QRect(0, 0, text_width, 100_000), flags, opt.text)
        return QSize(width, max(rect.height(), opt.decorationSize.height()) + 8)


class FindingsPanel(QWidget):
    #: the clerk chose a finding: show its cell or field
    activated = Signal(object)
    acknowledge_requested = Signal(object, str)
    withdraw_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: list[Finding] = []
        self._checking = False
        self._waiting = 0
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        # a fixed height: a summary that wraps differently must not relayout the whole window on an edit
        self.summary.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 4)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.summary.setAccessibleName(_("检查结果汇总"))
        self.model = FindingsModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName(_("检查结果列表"))
        self.view.setSpacing(2)
        # every message whole, however narrow the panel: rows are as tall as their wrapped text
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setItemDelegate(_WrappedDelegate(self.view))
        # a scroll bar that comes and goes changes the panel's size hint and relayouts the window
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.clicked.connect(self._chosen)
        self.view.activated.connect(self._chosen)
        self.ack_button = QPushButton(_("确认无误…"), self)
        self.ack_button.setToolTip(
            _("警告所说的情况属实（例如确有特殊原因）时，可确认并写明说明；错误不能确认，须改正。")
        )
        self.ack_button.setAccessibleName(_("确认所选警告无误并填写说明"))
        self.ack_button.clicked.connect(self._acknowledge)
        self.withdraw_button = QPushButton(_("撤销确认"), self)
        self.withdraw_button.setAccessibleName(_("撤销对所选警告的确认"))
        self.withdraw_button.clicked.connect(self._withdraw)
        self.view.selectionModel().currentChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        title = QLabel(_("检查结果"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self._show_summary([])

    def set_findings(self, findings: list[Finding], checking: bool = False, waiting: int = 0) -> None:
        """Show the findings; ``checking``: a check of a later state of the draft is running;
        ``waiting``: findings of pages not yet visited, listed after 检查全部 (ui.visits)."""
        if findings == self._shown and checking == self._checking and waiting == self._waiting:
            return  # most keystrokes change no finding: no relayout of the list
        self._checking = checking
        self._waiting = waiting
        if findings == self._shown:
            self._show_summary(findings)
            return
        self._shown = list(findings)
        current = self.current()
        self.model.set_findings(findings)
        self._show_summary(findings)
        if current is not None:
            for row, f in enumerate(self.model.findings):
                if f.key == current.key:
                    self.view.setCurrentIndex(self.model.index(row))
                    break

    def _show_summary(self, findings: list[Finding]) -> None:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = sum(1 for f in findings if f.severity == "warning" and not f.acknowledged)
        if errors or warnings:
            text = _("{e}个错误，{w}个警告。").format(e=errors, w=warnings)
            if not self._waiting:
                text += _("点一条可跳到相应位置。")
        elif self._waiting:
            text = _("已打开的部分没有发现错误或警告。")
        else:
            text = _("没有发现错误或警告。")
        if self._waiting:
            text += _("未打开的部分，打开后或按 F7（检查全部）再列出。")
        if self._checking:  # a long report's check runs in the background: this is the last result
            text = _("正在检查……") + text
        self.summary.setText(text)
        self.summary.setToolTip(text)  # whole, should a narrow panel cut its third line

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.data(index, Qt.ItemDataRole.UserRole) if index.isValid() else None

    def row_of(self, rule: str) -> int:
        return next((i for i, f in enumerate(self.model.findings) if f.rule == rule), -1)

    def _chosen(self, index: QModelIndex) -> None:
        finding = self.model.data(index, Qt.ItemDataRole.UserRole)
        if finding is not None:
            self.activated.emit(finding)

    def _update_buttons(self, *_args: object) -> None:
        f = self.current()
        self.ack_button.setEnabled(f is not None and f.severity == "warning" and not f.acknowledged)
        self.withdraw_button.setEnabled(f is not None and f.acknowledged)

    def _acknowledge(self) -> None:
        f = self.current()
        if f is None or f.severity != "warning":
            return
        note, ok = QInputDialog.getText(
            self,
            _("确认警告"),
            _("要确认的警告：\n{message}\n\n请写明为什么这个情况是对的（会保存在草稿中）：").format(message=f.message),
            text=f.previous_note or "",
        )
        if ok and note.strip():
            self.acknowledge_requested.emit(f, note.strip())

    def _withdraw(self) -> None:
        f = self.current()
        if f is not None and f.acknowledged:
            self.withdraw_requested.emit(f)
