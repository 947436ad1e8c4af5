"""The summary workspace: a window of its own, reached from the start page.

Roster, the units' files with their status (sortable, filterable; a unit's draft opens in the
main window), and the sum: each summed table as the official grid, read-only, a cell's
breakdown by unit beside it, the opening sentences to edit, then a summary draft (whole area,
本级 or 下级) and the .xlsx workbook.  The work runs in ``SummaryWorker``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms.catalog import DRAFT_SUFFIX, LEVELS
from forms.draftfile import DraftFileError, save_draft
from forms.i18n import _
from forms.model import Draft
from forms.schema import load_format
from forms.summary.collect import DRAFT, Collection
from forms.summary.roster import ROSTER_SUFFIX, RosterError, load_roster, save_roster
from forms.summary.total import ALL, PART_TITLES, Summary
from forms.values import format_value
from ui.file_dialogs import in_last_folder, remember
from ui.summary.models import SORT, STATUSES, GridModel, UnitsModel
from ui.summary.roster_panel import RosterPanel
from ui.summary.worker import SummaryWorker
from ui.widgets import APP_TITLE, warn

UNIT_FILTER = _("草稿、报送包 (*{ext} *.zip);;所有文件 (*)").format(ext=DRAFT_SUFFIX)
ROSTER_FILTER = _("名册 (*{ext} *.xlsx *.txt *.csv);;所有文件 (*)").format(ext=ROSTER_SUFFIX)


class UnitsFilter(QSortFilterProxyModel):
    """Text typed in the filter matches any column; the status box keeps one status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ""
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT)

    def set_status(self, status: str) -> None:
        self.status = status
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # type: ignore[override]
        model = self.sourceModel()
        if self.status and model.index(row, UnitsModel.STATUS_COLUMN, parent).data() != self.status:
            return False
        return super().filterAcceptsRow(row, parent)


class SummaryWindow(QMainWindow):
    #: a unit's draft file, to open in the main window
    open_requested = Signal(object)
    #: the summary is ready (Collection, Summary | None)
    finished = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("汇总各单位报告 — {app}").format(app=APP_TITLE))
        self.setAccessibleName(_("汇总各单位报告"))
        self.paths: list[Path] = []
        self.collection: Collection | None = None
        self.summary: Summary | None = None
        self.worker: SummaryWorker | None = None

        self.tabs = QTabWidget(self)
        self.roster_panel = RosterPanel(self)
        self.roster_panel.load_button.clicked.connect(lambda: self.load_roster(None))
        self.roster_panel.save_button.clicked.connect(lambda: self.save_roster(None))
        self.tabs.addTab(self.roster_panel, _("名册"))
        self.tabs.addTab(self._units_tab(), _("单位"))
        self.tabs.addTab(self._sum_tab(), _("汇总"))
        self.setCentralWidget(self.tabs)
        self._make_actions()

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("汇总进度"))
        self.progress.setFormat(_("%v / %m 个文件"))
        self.progress.setVisible(False)
        self.statusBar().addPermanentWidget(self.progress)
        em = self.fontMetrics().horizontalAdvance("国")
        self.resize(90 * em, 50 * em)
        self._update_actions()

    # --- building ------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        def action(text: str, slot: object) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            return act

        self.act_add_files = action(_("添加文件…"), lambda: self.choose_files())
        self.act_add_folder = action(_("添加文件夹…"), lambda: self.choose_folder())
        self.act_clear = action(_("清空文件"), self.clear_files)
        self.act_run = action(_("汇总（重新读取并检查）"), self.run_summary)
        self.act_open_unit = action(_("打开该单位的草稿"), self.open_selected_unit)
        self.act_save = action(_("保存汇总草稿…"), lambda: self.save_summary(None))
        self.act_xlsx = action(_("导出 Excel 工作簿…"), lambda: self.export_workbook(None))
        toolbar = self.addToolBar(_("汇总"))
        toolbar.setObjectName("summary_toolbar")
        for act in (self.act_add_files, self.act_add_folder, self.act_clear, self.act_run):
            toolbar.addAction(act)
        toolbar.addSeparator()
        for act in (self.act_open_unit, self.act_save, self.act_xlsx):
            toolbar.addAction(act)

    def _units_tab(self) -> QWidget:
        page = QWidget(self)
        self.files_label = QLabel(_("还没有添加文件：用“添加文件…”或“添加文件夹…”选择各单位报送的草稿和报送包。"), page)
        self.files_label.setWordWrap(True)
        self.include_errors = QCheckBox(_("有错误的单位也计入汇总（默认不计入，应退回修改）"), page)
        self.filter_text = QLineEdit(page)
        self.filter_text.setPlaceholderText(_("筛选：单位名称、原因、文件……"))
        self.filter_text.setAccessibleName(_("筛选单位"))
        self.filter_status = QComboBox(page)
        self.filter_status.setAccessibleName(_("按状态筛选"))
        self.filter_status.addItem(_("全部状态"), "")
        for status in STATUSES:
            self.filter_status.addItem(status, status)
        self.units_model = UnitsModel(self)
        self.units_proxy = UnitsFilter(self)
        self.units_proxy.setSourceModel(self.units_model)
        self.filter_text.textChanged.connect(self.units_proxy.setFilterFixedString)
        self.filter_status.currentIndexChanged.connect(
            lambda _i: self.units_proxy.set_status(self.filter_status.currentData())
        )
        self.units_view = QTableView(page)
        self.units_view.setAccessibleName(_("各单位的报告"))
        self.units_view.setModel(self.units_proxy)
        self.units_view.setSortingEnabled(True)
        self.units_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.units_view.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        # sizing the columns to 500 rows of text took half a second; the first rows tell enough
        self.units_view.horizontalHeader().setResizeContentsPrecision(40)
        self.units_view.doubleClicked.connect(lambda _i: self.open_selected_unit())
        self.units_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_unit_findings())
        self.unit_findings = QPlainTextEdit(page)
        self.unit_findings.setReadOnly(True)
        self.unit_findings.setAccessibleName(_("所选单位的检查结果"))
        self.unit_findings.setPlaceholderText(_("选中一个单位，这里列出它的检查结果。"))
        filters = QHBoxLayout()
        filters.addWidget(self.filter_text, 3)
        filters.addWidget(self.filter_status, 1)
        split = QSplitter(Qt.Orientation.Vertical, page)
        split.addWidget(self.units_view)
        split.addWidget(self.unit_findings)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.files_label)
        layout.addWidget(self.include_errors)
        layout.addLayout(filters)
        layout.addWidget(split)
        return page

    def _sum_tab(self) -> QWidget:
        page = QWidget(self)
        self.org = QLineEdit(page)
        self.org.setPlaceholderText(_("例如 某某县人民政府"))
        self.org.setAccessibleName(_("汇总报告的机关名称"))
        self.org.textChanged.connect(lambda _t: self._refresh_sentences())
        self.level = QComboBox(page)
        self.level.addItems(LEVELS)
        self.level.setCurrentText("县级人民政府")
        self.part = QComboBox(page)
        self.part.setAccessibleName(_("汇总范围"))
        for part, title in PART_TITLES.items():
            self.part.addItem(title, part)
        self.part.currentIndexChanged.connect(lambda _i: self._show_table())
        self.table_choice = QComboBox(page)
        self.table_choice.setAccessibleName(_("表格"))
        self.table_choice.currentIndexChanged.connect(lambda _i: self._show_table())
        self.sum_label = QLabel(_("汇总后，这里显示各表的合计（只读，由各单位的数字相加得出）。"), page)
        self.sum_label.setWordWrap(True)
        self.grid = QTableView(page)
        self.grid.setAccessibleName(_("汇总表"))
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setVisible(False)
        self.grid.verticalHeader().setVisible(False)
        self.breakdown = QTableWidget(0, 2, page)
        self.breakdown.setAccessibleName(_("所选单元格的分单位数字"))
        self.breakdown.setHorizontalHeaderLabels([_("单位"), _("数值")])
        self.breakdown.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.breakdown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakdown_label = QLabel(_("选中一个数字，右侧列出各单位的数。"), page)
        self.breakdown_label.setWordWrap(True)
        right = QWidget(page)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.breakdown_label)
        rl.addWidget(self.breakdown)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(self.grid)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.sentences = QTableWidget(0, 2, page)
        self.sentences.setAccessibleName(_("汇总报告开头的文字"))
        self.sentences.setHorizontalHeaderLabels([_("写入部分"), _("开头文字（可修改）")])
        self.sentences.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.sentences.verticalHeader().setVisible(False)
        self.sentences.setMaximumHeight(6 * self.fontMetrics().height() + 16)
        form = QFormLayout()
        top = QHBoxLayout()
        top.addWidget(self.org, 3)
        top.addWidget(self.level, 1)
        form.addRow(_("机关名称："), top)
        choose = QHBoxLayout()
        choose.addWidget(self.part, 1)
        choose.addWidget(self.table_choice, 3)
        form.addRow(_("范围和表格："), choose)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.sum_label)
        layout.addWidget(split, 1)
        layout.addWidget(
            QLabel(_("开头文字：由合计生成，可以修改；保存汇总草稿（范围为“全部”）时写在各部分的开头。"), page)
        )
        layout.addWidget(self.sentences)
        return page

    def _update_actions(self) -> None:
        busy = self.worker is not None
        self.act_run.setEnabled(bool(self.paths) and not busy)
        self.act_save.setEnabled(self.summary is not None and not busy)
        self.act_xlsx.setEnabled(self.summary is not None and not busy)
        self.act_open_unit.setEnabled(self.collection is not None)

    # --- files and roster ------------------------------------------------------------------------
    def choose_files(self) -> None:
        names, _f = QFileDialog.getOpenFileNames(self, _("选择各单位的草稿或报送包"), in_last_folder(), UNIT_FILTER)
        if names:
            remember(names[0])
        self.add_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("选择放着各单位报告的文件夹"), in_last_folder())
        if folder:
            remember(folder)
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        self.paths += [p for p in paths if p not in self.paths]
        shown = "；".join(str(p) for p in self.paths[:3]) + ("……" if len(self.paths) > 3 else "")
        self.files_label.setText(_("已添加 {n} 项：{shown}").format(n=len(self.paths), shown=shown))
        self._update_actions()

    def clear_files(self) -> None:
        self.paths = []
        self.files_label.setText(_("还没有添加文件。"))
        self._update_actions()

    def load_roster(self, path: Path | None) -> bool:
        if path is None:
            name, _f = QFileDialog.getOpenFileName(self, _("读取名册"), in_last_folder(), ROSTER_FILTER)
            if not name:
                return False
            remember(name)
            path = Path(name)
        try:
            self.roster_panel.set_roster(load_roster(path))
        except RosterError as exc:
            warn(self, _("名册无法使用。"), str(exc))
            return False
        self.statusBar().showMessage(_("已读取名册“{path}”。").format(path=path), 8000)
        return True

    def save_roster(self, path: Path | None) -> bool:
        try:
            roster = self.roster_panel.roster()
        except RosterError as exc:
            warn(self, _("名册中有错误，没有保存。"), str(exc))
            return False
        if roster is None:
            warn(self, _("名册是空的，没有保存。"))
            return False
        if path is None:
            suggested = in_last_folder(_("单位名册") + ROSTER_SUFFIX)
            name, _f = QFileDialog.getSaveFileName(self, _("保存名册"), suggested, ROSTER_FILTER)
            if not name:
                return False
            remember(name)
            path = Path(name)
        try:
            save_roster(roster, path)
        except OSError as exc:
            warn(self, _("名册没有保存。"), str(exc))
            return False
        self.statusBar().showMessage(_("名册已保存到“{path}”。").format(path=path), 8000)
        return True

    # --- running ---------------------------------------------------------------------------------
    def run_summary(self) -> bool:
        if self.worker is not None or not self.paths:
            return False
        try:
            roster = self.roster_panel.roster()
        except RosterError as exc:
            warn(self, _("名册中有错误，请先改正。"), str(exc))
            return False
        self.worker = SummaryWorker(list(self.paths), roster, self.include_errors.isChecked())
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._on_done)
        self.worker.failed.connect(self._on_failed)
        self.progress.setRange(0, 0)
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.statusBar().showMessage(_("正在读取和检查各单位的报告……"))
        self._update_actions()
        self.worker.start()
        return True

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress.maximum() != total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_failed(self, message: str) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self.progress.setVisible(False)
        self.statusBar().showMessage(message)
        self._update_actions()
        warn(self, _("汇总没有完成。"), message)

    def _on_done(self, collection: Collection, summary: Summary | None) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self.progress.setVisible(False)
        self.collection, self.summary = collection, summary
        self.units_model.set_collection(collection)
        self.units_view.resizeColumnsToContents()
        self.tabs.setTabText(1, _("单位（{n}）").format(n=len(self.units_model.rows)))
        left, missing = len(collection.left_out), len(collection.missing)
        self.statusBar().showMessage(
            _("汇总了 {n} 个单位；未汇总 {left} 个，未报送 {missing} 个。").format(
                n=len(collection.included), left=left, missing=missing
            )
        )
        self._fill_tables()
        self._refresh_sentences()
        self._update_actions()
        self.finished.emit(collection, summary)

    # --- the units -------------------------------------------------------------------------------
    def selected_unit_row(self) -> int | None:
        index = self.units_view.currentIndex()
        return self.units_proxy.mapToSource(index).row() if index.isValid() else None

    def _show_unit_findings(self) -> None:
        row = self.selected_unit_row()
        unit = self.units_model.unit(row) if row is not None else None
        if unit is None:
            self.unit_findings.setPlainText("")
            return
        from forms.cli import format_finding

        lines = [f"{unit.name}：{unit.problem}" if unit.problem else _("{name}：已汇总").format(name=unit.name)]
        if unit.draft is not None:
            lines += [format_finding(unit.draft, f) for f in unit.findings + unit.cross]
        self.unit_findings.setPlainText("\n".join(lines))

    def open_selected_unit(self, package_copy: Path | None = None) -> bool:
        """A draft file opens in the main window; a package's draft is first saved as a file of its own
        (``package_copy``, or where the clerk chooses), the package itself is never changed."""
        row = self.selected_unit_row()
        unit = self.units_model.unit(row) if row is not None else None
        if unit is None or unit.draft is None:
            self.statusBar().showMessage(_("这一行没有可以打开的草稿。"), 8000)
            return False
        path = Path(unit.source)
        if unit.kind != DRAFT or not path.is_file():
            if package_copy is None:
                suggested = str(path.with_suffix(DRAFT_SUFFIX)) if path.parent.is_dir() else unit.name + DRAFT_SUFFIX
                name, _f = QFileDialog.getSaveFileName(
                    self,
                    _("把报送包中的草稿另存为"),
                    suggested,
                    _("年报草稿 (*{ext})").format(ext=DRAFT_SUFFIX),
                )
                if not name:
                    return False
                package_copy = Path(name)
            try:
                save_draft(unit.draft, package_copy)
            except DraftFileError as exc:
                warn(self, _("草稿没有保存。"), str(exc))
                return False
            path = package_copy
        self.open_requested.emit(path)
        return True

    # --- the sum ---------------------------------------------------------------------------------
    def _fill_tables(self) -> None:
        self.table_choice.blockSignals(True)
        self.table_choice.clear()
        if self.summary is not None:
            fmt = load_format(self.summary.format_id)
            for key in fmt.tables:
                sec = next((s for s in fmt.sections if s.table == key), None)
                self.table_choice.addItem(sec.title if sec is not None else key, key)
        self.table_choice.blockSignals(False)
        left = [u.name for u in self.collection.left_out] if self.collection is not None else []
        if self.summary is None:
            self.sum_label.setText(_("没有可以汇总的单位报告。"))
        else:
            text = _("{year} 年度，{n} 个单位相加（只读）。").format(year=self.summary.year, n=len(self.summary.units))
            if left:
                names = "、".join(left[:8]) + (_("等 {n} 个").format(n=len(left)) if len(left) > 8 else "")
                text += _("未计入：{names}（原因见“单位”页）。").format(names=names)
            self.sum_label.setText(text)
        self._show_table()

    def _show_table(self) -> None:
        key = self.table_choice.currentData()
        if self.summary is None or key is None:
            self.grid.setModel(None)
            return
        table = load_format(self.summary.format_id).tables[key]
        model = GridModel(table, self.summary.totals[self.part.currentData() or ALL], self.grid)
        self.grid.setModel(model)
        self.grid.clearSpans()
        for r, c, rs, cs in model.spans():
            self.grid.setSpan(r, c, rs, cs)
        self.grid.resizeColumnsToContents()
        widest = 16 * self.fontMetrics().horizontalAdvance("国")  # a spanned note must not widen one column
        for c in range(model.columnCount()):
            self.grid.setColumnWidth(c, min(self.grid.columnWidth(c), widest))
        self.grid.resizeRowsToContents()
        self.grid.selectionModel().currentChanged.connect(lambda index, _prev: self.show_breakdown(index))

    def show_breakdown(self, index: QModelIndex) -> None:
        model = self.grid.model()
        cid = model.cell_id(index) if isinstance(model, GridModel) else None
        self.breakdown.setRowCount(0)
        if cid is None or self.summary is None:
            self.breakdown_label.setText(_("选中一个数字，右侧列出各单位的数。"))
            return
        part = self.part.currentData() or ALL
        rows = [(u, v) for u, v in self.summary.breakdown(cid) if part == ALL or u.part == part]
        self.breakdown_label.setText(
            _("{cell}：{total}").format(
                cell=model.table.cell_name(cid), total=format_value(self.summary.totals[part].get(cid)) or _("（空白）")
            )
        )
        self.breakdown.setRowCount(len(rows))
        for r, (u, v) in enumerate(rows):
            self.breakdown.setItem(r, 0, QTableWidgetItem(u.name))
            item = QTableWidgetItem(format_value(v))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.breakdown.setItem(r, 1, item)

    def _refresh_sentences(self) -> None:
        """The generated sentences, made anew from the totals (after a run, or a new 机关名称)."""
        self.sentences.setRowCount(0)
        if self.summary is None:
            return
        from forms.summary.sentences import opening_sentences

        fmt = load_format(self.summary.format_id)
        rows = opening_sentences(self.summary, ALL, self.org.text().strip())
        self.sentences.setRowCount(len(rows))
        for r, (key, text) in enumerate(rows):
            sdef = fmt.section(key)
            where = QTableWidgetItem(sdef.title if sdef is not None else key)
            where.setData(Qt.ItemDataRole.UserRole, key)
            where.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.sentences.setItem(r, 0, where)
            self.sentences.setItem(r, 1, QTableWidgetItem(text))
        self.sentences.resizeColumnToContents(0)

    def edited_sentences(self) -> list[tuple[str, str]]:
        out = []
        for r in range(self.sentences.rowCount()):
            where, text = self.sentences.item(r, 0), self.sentences.item(r, 1)
            if where is not None and text is not None and text.text().strip():
                out.append((str(where.data(Qt.ItemDataRole.UserRole)), text.text().strip()))
        return out

    def summary_draft(self) -> Draft:
        """The summary draft of the chosen part, started with the sentences as the clerk left them."""
        assert self.summary is not None
        part = self.part.currentData() or ALL
        return self.summary.draft(
            part,
            org=self.org.text().strip(),
            level=self.level.currentText(),
            sentences=self.edited_sentences() if part == ALL else None,
        )

    def save_summary(self, path: Path | None) -> bool:
        if self.summary is None:
            return False
        if path is None:
            name, _f = QFileDialog.getSaveFileName(
                self,
                _("保存汇总草稿"),
                in_last_folder(_("汇总") + DRAFT_SUFFIX),
                _("年报草稿 (*{ext})").format(ext=DRAFT_SUFFIX),
            )
            if not name:
                return False
            remember(name)
            path = Path(name)
        try:
            save_draft(self.summary_draft(), path)
        except DraftFileError as exc:
            warn(self, _("汇总草稿没有保存。"), str(exc))
            return False
        self.statusBar().showMessage(
            _("汇总草稿已保存到“{path}”，可以在主窗口中打开、修改文字并导出报告。").format(path=path), 10000
        )
        return True

    def export_workbook(self, path: Path | None) -> bool:
        if self.summary is None:
            return False
        if path is None:
            name, _f = QFileDialog.getSaveFileName(
                self, _("导出 Excel 工作簿"), in_last_folder(_("汇总.xlsx")), "Excel (*.xlsx)"
            )
            if not name:
                return False
            remember(name)
            path = Path(name)
        from forms.summary.workbook import WorkbookTooLarge, write_workbook

        try:
            write_workbook(self.summary, path)
        except (OSError, WorkbookTooLarge) as exc:
            warn(self, _("工作簿没有保存。"), str(exc))
            return False
        self.statusBar().showMessage(_("工作簿已保存到“{path}”。").format(path=path), 10000)
        return True

    def closeEvent(self, event: object) -> None:
        if self.worker is not None:
            self.worker.wait()
        super().closeEvent(event)  # type: ignore[arg-type]
