"""The table a clerk types into: spreadsheet keys, paste from Excel/WPS, 空白填0, entered totals."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from forms.editing.paste import PasteError, report_lines
from forms.i18n import _
from ui.table_model import ReportTableModel
from ui.widgets import APP_TITLE, show_status

Index = QModelIndex | QPersistentModelIndex


def key_move(event: QKeyEvent) -> tuple[int, int] | None:
    """The move of a key as in Excel/WPS: Enter down, Shift+Enter up, Tab right, Shift+Tab left."""
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return (-1, 0) if shift else (1, 0)
    if event.key() == Qt.Key.Key_Backtab or (event.key() == Qt.Key.Key_Tab and shift):
        return (0, -1)
    if event.key() == Qt.Key.Key_Tab:
        return (0, 1)
    return None


class CellDelegate(QStyledItemDelegate):
    """A plain line editor: no validator, since parse_cell decides and explains (full-width digits included)."""

    #: the text of an open editor changed: what is typed reaches the recovery journal before Enter
    typing = Signal()
    #: Enter, Shift+Enter, Tab or Shift+Tab in an open editor, after it was entered: (rows, columns) to move
    leave = Signal(int, int)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QLineEdit) and isinstance(event, QKeyEvent):
            move = key_move(event)
            if move is not None:
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                self.leave.emit(*move)
                return True
        return super().eventFilter(obj, event)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.textEdited.connect(self.typing)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        name = index.data(Qt.ItemDataRole.ToolTipRole)
        editor.setAccessibleName(str(name).split("\n", 1)[0] if name else _("单元格"))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ReportTableView(QTableView):
    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setAccessibleName(_("表格：{key}").format(key=model.table.key))
        for r, c, rs, cs in model.spans():
            self.setSpan(r, c, rs, cs)
        self._size_columns()
        model.input_rejected.connect(self._on_rejected)
        model.modelReset.connect(self._size_rows)
        self.delegate.typing.connect(model.doc.typing)
        self.delegate.leave.connect(self._left_editor)
        #: the lines of the latest paste's report (what went in, what did not, totals that differ)
        self.last_paste: list[str] = []

    # --- layout ------------------------------------------------------------------------------
    def _size_columns(self) -> None:
        """Widths in character units, so the grid scales with the font at 125 % / 150 %."""
        fm = self.fontMetrics()
        em = fm.horizontalAdvance("国")
        table = self._model.table
        widths = [0] * table.grid_columns
        for row in table.rows:
            for gc in row:
                if gc.cell_id is not None:
                    need = 5 * em
                elif gc.colspan == 1 and gc.text:
                    # long labels wrap: a label column wider than 12 characters would push the values off screen
                    need = min(len(gc.text) + gc.indent, 12) * em + em
                else:
                    continue
                widths[gc.col] = max(widths[gc.col], need)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(2 * em)
        for col, w in enumerate(widths):
            self.setColumnWidth(col, max(w, 3 * em))
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._size_rows()

    def _size_rows(self) -> None:
        self.resizeRowsToContents()

    # --- the open editor ------------------------------------------------------------------------
    def open_editor(self) -> QLineEdit | None:
        """The cell editor the clerk is typing in, if any."""
        if self.state() != QAbstractItemView.State.EditingState:
            return None
        editor = self.indexWidget(self.currentIndex())
        return editor if isinstance(editor, QLineEdit) else None

    def commit_open_editor(self) -> None:
        """Enter what the open editor holds, as Enter would (a refused entry too), and close it.

        Ctrl+S, closing the window and the other window actions do not take the focus from the
        editor, so Qt would not commit it by itself: the figure on screen would not be saved.
        """
        editor = self.open_editor()
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def open_text(self) -> tuple[str, str] | None:
        """(cell id, text) of the open editor, for the journal: recorded without closing the editor."""
        editor = self.open_editor()
        gc = self._model.origin(self.currentIndex())
        if editor is None or gc is None or gc.cell_id is None:
            return None
        return gc.cell_id, editor.text()

    # --- keys --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._model.clear_cells(self.selectedIndexes())
                return
            move = key_move(event)
            if move is not None:
                self.move_by(*move)
                return
            if event.key() == Qt.Key.Key_F2:
                self.edit_in_place()
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # an input method's text over a selected cell replaces it, as typing does (１２, 十二): the
        # editor opens at the first composing (preedit) text or at the commit, whichever comes first
        typed = event.commitString() or event.preeditString()
        if self.state() != QAbstractItemView.State.EditingState and typed:
            if self._model.is_editable(self.currentIndex()) and self.edit(
                self.currentIndex(), QAbstractItemView.EditTrigger.AnyKeyPressed, event
            ):
                editor = self.open_editor()
                if editor is not None:
                    editor.setText("")
                    QApplication.sendEvent(editor, event)
                return
        super().inputMethodEvent(event)

    def edit_in_place(self) -> None:
        """F2: the cell's editor with the cursor after its text, nothing selected."""
        if self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed, None):
            editor = self.open_editor()
            if editor is not None:
                editor.deselect()
                editor.end(False)

    def _left_editor(self, rows: int, cols: int) -> None:
        gc = self._model.origin(self.currentIndex())
        if gc is not None and gc.cell_id in self._model.rejected:
            return  # stay on a refused entry so the clerk can correct it
        self.move_by(rows, cols)

    def move_by(self, rows: int, cols: int) -> None:
        """To the next cell the clerk can type in: down or up the column, or on in reading order."""
        current = self.currentIndex()
        if rows:
            target = self._model.editable_below(current, rows)
        else:
            target = self._model.next_editable(current, cols)
        if target.isValid():
            self.setCurrentIndex(target)
            self.scrollTo(target)

    def move_next(self) -> None:
        self.move_by(0, 1)

    def select_cell(self, cell_id: str) -> None:
        index = self._model.index_of(cell_id)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_rejected(self, row: int, col: int, message: str) -> None:
        index = self._model.index(row, col)
        show_status(self, message)
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2)), message, self)

    # --- clipboard -----------------------------------------------------------------------
    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.paste_text(text)

    def paste_text(self, text: str) -> None:
        """A block copied from Excel/WPS: placed by its labels, or from the current cell on
        (forms.editing.paste); one undo step, and a report of whatever could not be placed."""
        if not text:
            return
        current = self.currentIndex()
        start = (current.row(), current.column()) if current.isValid() else None
        try:
            plan = self._model.doc.paste(self._model.table.key, text, start)
        except PasteError as exc:
            self.last_paste = [str(exc)]
            show_status(self, str(exc))
            return
        self.last_paste = report_lines(plan, self._model.table)
        show_status(self, "；".join(self.last_paste), 20000)
        if plan.unplaced or plan.totals:
            box = QMessageBox(
                QMessageBox.Icon.Information, APP_TITLE, self.last_paste[0], QMessageBox.StandardButton.Ok, self
            )
            box.setInformativeText("\n".join(self.last_paste[1:]))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setObjectName("paste_report")
            box.open()  # not modal to the clerk's typing: the figures stay in view

    def copy(self) -> None:
        indexes = self.selectedIndexes()
        if not indexes:
            return
        top = min(i.row() for i in indexes)
        left = min(i.column() for i in indexes)
        bottom = max(i.row() for i in indexes)
        right = max(i.column() for i in indexes)
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        for r in range(top, bottom + 1):
            cells = []
            for c in range(left, right + 1):
                value = self._model.index(r, c).data() if (r, c) in chosen else ""
                cells.append(str(value or "").strip("\u3000"))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines) + "\n")


class TableBlock(QWidget):
    """The table with its actions: 空白填0, entered totals, include (optional tables)."""

    toggled_included = Signal(bool)

    def __init__(self, model: ReportTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = ReportTableView(model, self)
        bar = QHBoxLayout()
        self.fill_button = QPushButton(_("空白填0"), self)
        self.fill_button.setToolTip(_("把本表所有空白的可填写单元格填为0（空白不等于0，请确认确实为0后再用）"))
        self.fill_button.setAccessibleName(_("本表空白单元格填0"))
        self.fill_button.clicked.connect(self._fill)
        bar.addWidget(self.fill_button)
        self.entered_totals = None
        if any(vc.computed for vc in model.table.cells.values()):
            self.entered_totals = QCheckBox(_("手工填写合计"), self)
            self.entered_totals.setToolTip(
                _(
                    "默认由程序自动合计（灰色格，只读）。需要照录已发布报告的数字时可改为手工填写，程序会检查合计是否相符。"
                )
            )
            self.entered_totals.setChecked(model.doc.draft.table(model.table.key).entered_totals)
            self.entered_totals.toggled.connect(self._set_entered)
            bar.addWidget(self.entered_totals)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

    def _fill(self) -> None:
        n = self.model.fill_zeros()
        show_status(self, _("已将 {n} 个空白单元格填为0").format(n=n))

    def _set_entered(self, on: bool) -> None:
        self.model.doc.draft.table(self.model.table.key).entered_totals = on
        self.model.refresh()
        self.model.doc.edited()
