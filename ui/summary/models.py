"""Qt models over ``forms.summary``: the units with their status, and a summed table's grid."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from forms.i18n import _
from forms.schema import GridCell, TableDef
from forms.summary.collect import KIND_NAMES, Collection, Unit
from forms.summary.roster import PART_NAMES, RosterUnit, part_of
from forms.values import CellValue, format_value

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
SORT = Qt.ItemDataRole.UserRole + 1
HEADER_BG = QBrush(QColor("#dfe6ee"))
LEFT_OUT_BG = QBrush(QColor("#fbedc2"))
MISSING_BG = QBrush(QColor("#f6c4c4"))

SUMMED = _("已汇总")
LEFT_OUT = _("未汇总")
MISSING = _("未报送")
STATUSES = (SUMMED, LEFT_OUT, MISSING)


class UnitsModel(QAbstractTableModel):
    """Every file received (summed or not, with the reason) and every roster unit missing."""

    HEADERS = (
        _("单位"),
        _("层级"),
        _("本级/下级"),
        _("状态"),
        _("错误"),
        _("警告（已确认）"),
        _("原因"),
        _("类型"),
        _("文件"),
    )
    STATUS_COLUMN = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Unit | RosterUnit] = []

    def set_collection(self, collection: Collection | None) -> None:
        self.beginResetModel()
        self.rows = [] if collection is None else [*collection.units, *collection.missing]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if role == DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def unit(self, row: int) -> Unit | None:
        item = self.rows[row]
        return item if isinstance(item, Unit) else None

    def _cells(self, item: Unit | RosterUnit) -> tuple[Any, ...]:
        if isinstance(item, RosterUnit):
            reason = _("名册中有，但没有收到本年度的报告")
            return (item.name, item.level, PART_NAMES[part_of(item.level)], MISSING, "", "", reason, "", "")
        status = SUMMED if item.included else LEFT_OUT
        warnings = f"{item.warnings}（{item.acknowledged}）" if item.acknowledged else str(item.warnings)
        return (
            item.name,
            item.level,
            PART_NAMES.get(item.part, "") if item.level else "",
            status,
            item.errors if item.draft is not None else "",
            warnings if item.draft is not None else "",
            item.problem or "",
            KIND_NAMES.get(item.kind, item.kind),
            item.source,
        )

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        value = self._cells(item)[index.column()]
        if role == DISPLAY:
            return str(value)
        if role == SORT:
            if index.column() in (4, 5):  # by the number, blanks (no draft) first
                unit = item if isinstance(item, Unit) and item.draft is not None else None
                return -1 if unit is None else (unit.errors if index.column() == 4 else unit.warnings)
            return value
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.STATUS_COLUMN:
            return MISSING_BG if isinstance(item, RosterUnit) else (None if item.included else LEFT_OUT_BG)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (6, 8):
            return str(value)
        return None


class GridModel(QAbstractTableModel):
    """A summed table as the official grid, read-only: the figures are computed, not typed."""

    def __init__(self, table: TableDef, values: dict[str, CellValue | None], parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.values = values
        self._origin: dict[tuple[int, int], GridCell] = {(gc.row, gc.col): gc for row in table.rows for gc in row}

    def set_values(self, values: dict[str, CellValue | None]) -> None:
        self.values = values
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(gc.row, gc.col, gc.rowspan, gc.colspan) for gc in self._origin.values() if gc.rowspan * gc.colspan > 1]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.table.grid_columns

    def cell_id(self, index: Index) -> str | None:
        gc = self._origin.get((index.row(), index.column()))
        return gc.cell_id if gc is not None else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        gc = self._origin.get((index.row(), index.column()))
        if gc is None:
            return None
        if role == DISPLAY:
            return format_value(self.values.get(gc.cell_id)) if gc.cell_id is not None else gc.text
        if role == Qt.ItemDataRole.BackgroundRole and gc.role in ("header", "heading"):
            return HEADER_BG
        if role == Qt.ItemDataRole.TextAlignmentRole and gc.cell_id is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and gc.cell_id is not None:
            return self.table.cell_name(gc.cell_id)
        return None
