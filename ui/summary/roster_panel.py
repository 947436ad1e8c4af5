"""The roster tab: units typed in, pasted from Excel or WPS, read from an .xlsx, saved for next year."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.catalog import LEVELS
from forms.i18n import _
from forms.summary.roster import Roster, make_roster, parse_roster_text


class RosterPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("单位名称"), _("层级")])
        self.table.setAccessibleName(_("单位名册"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_button = QPushButton(_("添加一行"), self)
        self.remove_button = QPushButton(_("删除所选"), self)
        self.paste_button = QPushButton(_("粘贴（从 Excel/WPS 复制的两列）"), self)
        self.load_button = QPushButton(_("读取名册…"), self)
        self.save_button = QPushButton(_("保存名册…"), self)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.paste_button.clicked.connect(self.paste)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.paste_button, self.load_button, self.save_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        hint = QLabel(
            _(
                "名册列出本县（区）应报送年度报告的单位：名称和层级（{levels}；不填层级时按名称推断）。"
                "乡镇、街道计入“下级”，其余计入“本级”。名册可保存为文件，明年继续使用；"
                "也可以从 Excel 工作簿（第一张表的前两列）读取。"
            ).format(levels="、".join(LEVELS)),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def add_row(self, name: str = "", level: str = LEVELS[0]) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        self.table.setItem(r, 1, QTableWidgetItem(level))

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)

    def paste(self) -> None:
        """Lines of 名称<Tab>层级 from the clipboard, added below (raises RosterError)."""
        self.add_roster(parse_roster_text(QGuiApplication.clipboard().text(), _("粘贴的内容")))

    def add_roster(self, roster: Roster) -> None:
        for u in roster.units:
            self.add_row(u.name, u.level)

    def set_roster(self, roster: Roster) -> None:
        self.table.setRowCount(0)
        self.add_roster(roster)

    def roster(self) -> Roster | None:
        """The roster as typed, or None when it is empty (raises RosterError for a bad row)."""
        rows = []
        for r in range(self.table.rowCount()):
            name, level = (self.table.item(r, c) for c in (0, 1))
            rows.append((name.text() if name else "", level.text() if level else ""))
        roster = make_roster(rows, _("名册"))
        return roster if roster.units else None
