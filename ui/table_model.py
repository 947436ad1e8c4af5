"""A Qt table model over one table of the format: the official grid, merged cells and all.

Rows and columns are those of the format's grid; merged cells are set as spans on the view
(``spans()``).  Header rows are read-only and look like the printed header; computed totals are
read-only on a grey ground unless the table is switched to entered totals.  What a clerk types
goes through ``forms.values.parse_cell``: a refused entry goes into the draft as typed
(``Invalid``), so that it is saved, journaled and recovered, rule T1 reports it, the totals
that depend on it are blank and no output prints the figure it replaced (SPEC §3). It shows in
red in its cell, with the reason as tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from forms.checks import Finding
from forms.i18n import _
from forms.schema import GridCell, TableDef, ValueCell
from forms.totals import effective_values, leaves
from forms.values import CellValue, InputError, Invalid, format_value, parse_cell, refusal, refused_value
from ui.document import ReportDocument
from ui.edits import blank_cells

HEADER_BG = QColor("#dfe6ee")
HEADING_BG = QColor("#eef2f6")
COMPUTED_BG = QColor("#e4e4e4")
COMPUTED_FG = QColor("#505050")
ERROR_BG = QColor("#f6c4c4")
WARNING_BG = QColor("#fbedc2")
REJECTED_FG = QColor("#c00000")

BRUSHES = {
    "error": QBrush(ERROR_BG),
    "warning": QBrush(WARNING_BG),
    "computed": QBrush(COMPUTED_BG),
}
BRUSHES_FG = {"computed": QBrush(COMPUTED_FG), "rejected": QBrush(REJECTED_FG)}

DISPLAY = Qt.ItemDataRole.DisplayRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SELECTABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = SELECTABLE | Qt.ItemFlag.ItemIsEditable

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    #: (row, column, Chinese message) when a typed entry is refused
    input_rejected = Signal(int, int, str)

    def __init__(self, doc: ReportDocument, table: TableDef, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.table = table
        self._origin: dict[tuple[int, int], GridCell] = {}
        self._at: dict[str, tuple[int, int]] = {}
        for row in table.rows:
            for gc in row:
                self._origin[(gc.row, gc.col)] = gc
                if gc.cell_id is not None:
                    self._at[gc.cell_id] = (gc.row, gc.col)
        #: cell id -> (typed text, message) of the refused entries the draft holds
        self.rejected: dict[str, tuple[str, str]] = {}
        self._values: dict[str, CellValue | None] = {}
        self._marks: dict[str, list[Finding]] = {}
        #: cells a finding names itself (not only as entered cells behind a named total)
        self._direct: set[str] = set()
        self._leaves = {cid: leaves(table, cid) for cid, vc in table.cells.items() if vc.computed}
        self._look: dict[str, tuple[str, str | None, str | None]] = {}
        self._labels = {(gc.row, gc.col): self._label_roles(gc) for gc in self._origin.values() if gc.cell_id is None}
        self._recompute()
        self._seen = self._inputs()
        doc.changed.connect(self._on_changed)

    # --- geometry ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.grid_columns

    def spans(self) -> list[tuple[int, int, int, int]]:
        return [(gc.row, gc.col, gc.rowspan, gc.colspan) for gc in self._origin.values() if gc.rowspan * gc.colspan > 1]

    def origin(self, index: Index) -> GridCell | None:
        if not index.isValid():
            return None
        return self._origin.get((index.row(), index.column()))

    def value_cell(self, index: Index) -> ValueCell | None:
        gc = self.origin(index)
        if gc is None or gc.cell_id is None:
            return None
        return self.table.cells[gc.cell_id]

    def index_of(self, cell_id: str) -> QModelIndex:
        r, c = self._at[cell_id]
        return self.index(r, c)

    def is_computed(self, vc: ValueCell) -> bool:
        return vc.computed and not self.doc.draft.table(self.table.key).entered_totals

    def is_editable(self, index: Index) -> bool:
        vc = self.value_cell(index)
        return vc is not None and not self.is_computed(vc)

    # --- refresh ---------------------------------------------------------------------------
    def _recompute(self) -> set[str]:
        """Recompute values and marks; the cells whose look changed."""
        self._values = effective_values(self.doc.draft, self.table)
        entered = self.doc.draft.table(self.table.key).values
        self.rejected = {
            cid: (v.raw, refusal(v.raw, self.table.cells[cid].type))
            for cid, v in entered.items()
            if isinstance(v, Invalid) and cid in self.table.cells
        }
        computes = not self.doc.draft.table(self.table.key).entered_totals
        marks: dict[str, list[Finding]] = {}
        direct: set[str] = set()
        for f in self.doc.findings:
            if f.acknowledged or f.severity == "hint":
                continue
            mine = [cid for cid in f.cells if cid in self._at]
            if not mine:
                continue
            behind: set[str] = set()
            if computes:
                for cid in mine:
                    behind |= self._leaves.get(cid, set())
            for cid in mine:
                marks.setdefault(cid, []).append(f)
                if cid not in behind:
                    direct.add(cid)
        self._marks = marks
        self._direct = direct
        old = self._look
        self._look = {cid: self._look_of(cid, computes) for cid in self.table.cells}
        return {cid for cid, look in self._look.items() if old.get(cid) != look}

    def _look_of(self, cid: str, computes: bool) -> tuple[str, str | None, str | None]:
        """(text, background, foreground) of a value cell, as keys of BRUSHES."""
        rejected = self.rejected.get(cid)
        computed = computes and self.table.cells[cid].computed
        if rejected:
            return rejected[0], "error", "rejected"
        text = format_value(self._values.get(cid))
        marks = self._marks.get(cid)
        if marks and cid in self._direct:
            bg = "error" if any(f.severity == "error" for f in marks) else "warning"
        else:
            # a cell only summed into a named total is not coloured: the total is, and the
            # finding is in this cell's tooltip
            bg = "computed" if computed else None
        return text, bg, "computed" if computed else None

    def _inputs(self) -> tuple[object, ...]:
        """What the cells' values and marks are made of; a text edit usually changes none of it."""
        data = self.doc.draft.table(self.table.key)
        mine = tuple(
            f
            for f in self.doc.findings
            if f.cells and not f.acknowledged and f.severity != "hint" and any(c in self._at for c in f.cells)
        )
        return data.entered_totals, frozenset(data.values.items()), mine

    def _on_changed(self, _cells: object = None) -> None:
        inputs = self._inputs()
        if inputs == self._seen:
            return  # nothing this table shows changed: no need to look at every cell again
        self._seen = inputs
        changed = self._recompute()
        if not changed:
            return
        if len(changed) <= 32:  # Qt repaints just these cells
            for cid in changed:
                index = self.index(*self._at[cid])
                self.dataChanged.emit(index, index)
            return
        rows = [self._at[cid][0] for cid in changed]
        cols = [self._at[cid][1] for cid in changed]
        self.dataChanged.emit(self.index(min(rows), min(cols)), self.index(max(rows), max(cols)))

    def refresh(self) -> None:
        """The table switched between computed and entered totals, or the draft was replaced."""
        self.beginResetModel()
        self._recompute()
        self._seen = self._inputs()
        self.endResetModel()

    def findings_at(self, index: Index) -> list[Finding]:
        gc = self.origin(index)
        return self._marks.get(gc.cell_id, []) if gc is not None and gc.cell_id else []

    # --- data --------------------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        gc = self._origin.get((index.row(), index.column()))
        if gc is None:  # covered by a merged cell
            return Qt.ItemFlag.NoItemFlags
        if gc.cell_id is not None and self.is_editable(index):
            return EDITABLE
        return SELECTABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called for every role of every visible cell on each repaint: dictionary look-ups only
        gc = self._origin.get((index.row(), index.column()))
        if gc is None:
            return None
        cid = gc.cell_id
        if cid is None:
            return self._labels[(gc.row, gc.col)].get(role)
        if role == DISPLAY:
            return self._look[cid][0]
        if role == BACKGROUND:
            return BRUSHES.get(self._look[cid][1])
        if role == FOREGROUND:
            return BRUSHES_FG.get(self._look[cid][2])
        if role == ALIGNMENT:
            return RIGHT
        return self._value_data(cid, role)

    def _label_roles(self, gc: GridCell) -> dict[int, Any]:
        text = gc.text or ""
        roles: dict[int, Any] = {DISPLAY: "\u3000" * gc.indent + text, Qt.ItemDataRole.AccessibleTextRole: text}
        if len(text) > 12:
            roles[Qt.ItemDataRole.ToolTipRole] = text
        if gc.role == "header" or (gc.role == "note" and gc.row < self.table.header_rows):
            roles[BACKGROUND] = QBrush(HEADER_BG)
        elif gc.role == "heading":
            roles[BACKGROUND] = QBrush(HEADING_BG)
        if gc.role in ("header", "heading", "note"):
            font = QFont()
            font.setBold(gc.role != "note")
            font.setItalic(gc.role == "note")
            roles[Qt.ItemDataRole.FontRole] = font
        if gc.role in ("header", "note"):
            roles[ALIGNMENT] = int(Qt.AlignmentFlag.AlignCenter)
        else:
            roles[ALIGNMENT] = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return roles

    def _value_data(self, cid: str, role: int) -> Any:
        rejected = self.rejected.get(cid)
        if role == Qt.ItemDataRole.EditRole:
            return rejected[0] if rejected else format_value(self.doc.draft.value(cid))
        if role == Qt.ItemDataRole.UserRole:
            return cid
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.table.cell_name(cid)]
            if self.is_computed(self.table.cells[cid]):
                lines.append(_("自动合计，不能直接填写（可在表格上方改为手工填写合计）"))
            if rejected:
                lines.append(_("未接受的输入“{text}”：{msg}").format(text=rejected[0], msg=rejected[1]))
            lines.extend(f.message for f in self._marks.get(cid, []))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.table.cell_name(cid)}：{format_value(self._values.get(cid)) or _('空白')}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # the official header is part of the grid; the view's own headers are hidden
        return None

    # --- editing -----------------------------------------------------------------------------------
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index):
            return False
        vc = self.value_cell(index)
        assert vc is not None
        text = "" if value is None else str(value)
        label = _("填写“{name}”").format(name=self.table.cell_name(vc.id))
        try:
            parsed: CellValue | None = parse_cell(text, vc.type)
        except InputError as exc:
            self.doc.set_cells({vc.id: refused_value(text)}, label)
            self.input_rejected.emit(index.row(), index.column(), str(exc))
            return False
        self.doc.set_cells({vc.id: parsed}, label)
        return True

    def blank_cells(self) -> list[str]:
        return blank_cells(self.doc.draft, self.table.key)

    def fill_zeros(self) -> int:
        """空白填0: every blank cell the clerk can type in gets 0, as one undo step."""
        return self.doc.fill_zeros(self.table.key)

    def clear_cells(self, indexes: list[QModelIndex]) -> int:
        """Delete on a block: the cells the clerk can type in are cleared, labels and totals stay."""
        ids = []
        for index in indexes:
            vc = self.value_cell(index)
            if vc is not None and self.is_editable(index) and vc.id not in ids:
                ids.append(vc.id)
        return self.doc.clear_cells(ids)

    def next_editable(self, index: Index, step: int = 1) -> QModelIndex:
        """The next cell a clerk can type in, in reading order (an invalid index at the end)."""
        rows, cols = self.rowCount(), self.columnCount()
        pos = index.row() * cols + index.column() if index.isValid() else -1
        pos += step
        while 0 <= pos < rows * cols:
            candidate = self.index(pos // cols, pos % cols)
            if self._editable_origin(candidate):
                return candidate
            pos += step
        return QModelIndex()

    def editable_below(self, index: Index, step: int = 1) -> QModelIndex:
        """The next cell a clerk can type in down (step 1) or up (-1) the column, skipping labels and
        computed totals (an invalid index at the table's edge)."""
        if not index.isValid():
            return QModelIndex()
        row = index.row() + step
        while 0 <= row < self.rowCount():
            candidate = self.index(row, index.column())
            if self._editable_origin(candidate):
                return candidate
            row += step
        return QModelIndex()

    def _editable_origin(self, index: QModelIndex) -> bool:
        gc = self.origin(index)
        return gc is not None and gc.cell_id is not None and self.is_editable(index)
