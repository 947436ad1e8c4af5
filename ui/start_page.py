"""The start page: a new report, a report from last year's draft, open, recent drafts, examples,
and drafts recovered after a crash."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forms.catalog import LAST_YEAR, LEVELS, default_title, format_ids, format_summary, format_summary_for
from forms.errors import FormatError
from forms.i18n import _
from ui.widgets import fill_with_scrolling, heading_label, wrapped_label

if TYPE_CHECKING:
    from forms.journal import Recovery

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "forms" / "examples"


def example_files() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.nianbao"))


def example_title(path: Path) -> str:
    """The title an example shows on the start page, read without loading the whole draft."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc.get("title"), str):
            return str(doc["title"])
        meta = doc["meta"]
        return default_title(str(meta["org"]), int(meta["year"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return path.stem


class StartPage(QWidget):
    new_requested = Signal(str, str, int, str)  # org, level, year, format id
    from_last_year_requested = Signal()
    open_requested = Signal(object)  # a Path, or None to choose one
    import_requested = Signal()
    example_requested = Signal(object)  # Path
    recover_requested = Signal(object)  # Recovery
    discard_recovery_requested = Signal(object)  # Recovery
    summary_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._format_chosen = False

        # --- new report -------------------------------------------------------------------
        self.org = QLineEdit(self)
        self.org.setPlaceholderText(_("例如：某某县某某镇人民政府"))
        self.org.setAccessibleName(_("机关名称"))
        self.level = QComboBox(self)
        self.level.addItems(list(LEVELS))
        self.level.setAccessibleName(_("机关层级"))
        self.year = QSpinBox(self)
        self.year.setRange(2008, LAST_YEAR)
        self.year.setValue(dt.date.today().year - 1)  # reports are written early in the following year
        self.year.setAccessibleName(_("报告年度"))
        self.format = QComboBox(self)
        for fid in format_ids():
            self.format.addItem(format_summary(fid).name, fid)
        self.format.setAccessibleName(_("报告格式"))
        self.format_hint = QLabel(self)
        self.format_hint.setWordWrap(True)
        self.create_button = QPushButton(_("新建报告"), self)
        self.create_button.setDefault(True)
        self.create_button.setAccessibleName(_("新建报告"))
        self.year.valueChanged.connect(self._suggest_format)
        self.org.textChanged.connect(self._suggest_format)
        self.format.activated.connect(self._format_picked)
        self.create_button.clicked.connect(self._create)
        self.org.returnPressed.connect(self._create)
        self.org.textChanged.connect(lambda t: self.create_button.setEnabled(bool(t.strip())))
        self.create_button.setEnabled(False)

        new_box = QGroupBox(_("新建年度报告"), self)
        form = QFormLayout(new_box)
        form.addRow(_("机关名称："), self.org)
        form.addRow(_("机关层级："), self.level)
        form.addRow(_("报告年度："), self.year)
        form.addRow(_("报告格式："), self.format)
        form.addRow("", self.format_hint)
        form.addRow("", self.create_button)

        # --- other ways in ----------------------------------------------------------------
        self.from_last_button = QPushButton(_("从上年草稿新建…"), self)
        self.from_last_button.setAccessibleName(_("从上年草稿新建报告"))
        self.from_last_button.setToolTip(
            _("带入机关信息、上年的结转数和现行有效文件数，以及上年的文字（供对照，不自动复制）。")
        )
        self.open_button = QPushButton(_("打开草稿…"), self)
        self.open_button.setAccessibleName(_("打开草稿"))
        self.import_button = QPushButton(_("导入已发布的报告…"), self)
        self.import_button.setToolTip(
            _("把已发布的年度报告（Word、网页或文本，或粘贴的文字）变成草稿：表格数字、各部分文字、署名和日期。")
        )
        self.from_last_button.clicked.connect(self.from_last_year_requested)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(None))
        self.import_button.clicked.connect(self.import_requested)
        self.summary_button = QPushButton(_("汇总各单位报告…"), self)
        self.summary_button.setAccessibleName(_("汇总各单位报告"))
        self.summary_button.setToolTip(
            _("县（区）政务公开办：收齐乡镇、街道和部门的报告，检查、相加，生成全域报告和 Excel 汇总表。")
        )
        self.summary_button.clicked.connect(self.summary_requested)
        more = QHBoxLayout()
        more.addWidget(self.from_last_button)
        more.addWidget(self.open_button)
        more.addWidget(self.import_button)
        more.addWidget(self.summary_button)
        more.addStretch(1)

        self.recent = QListWidget(self)
        self.recent.setAccessibleName(_("最近打开的草稿"))
        self.recent.itemActivated.connect(
            lambda item: self.open_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        recent_box = QGroupBox(_("最近打开的草稿（双击打开）"), self)
        QVBoxLayout(recent_box).addWidget(self.recent)

        self.examples = QListWidget(self)
        self.examples.setAccessibleName(_("示例报告"))
        self.examples.itemActivated.connect(
            lambda item: self.example_requested.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        for path in example_files():
            item = QListWidgetItem(example_title(path), self.examples)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
        examples_box = QGroupBox(_("示例报告（双击打开一份副本）"), self)
        QVBoxLayout(examples_box).addWidget(self.examples)

        # --- recovery ---------------------------------------------------------------------
        self.recovery_box = QGroupBox(_("上次未保存的草稿"), self)
        self.recovery_list = QListWidget(self.recovery_box)
        self.recovery_list.setAccessibleName(_("可恢复的草稿"))
        self.recover_button = QPushButton(_("恢复"), self.recovery_box)
        self.recover_button.setAccessibleName(_("恢复所选草稿"))
        self.discard_button = QPushButton(_("丢弃"), self.recovery_box)
        self.discard_button.setAccessibleName(_("丢弃所选的恢复记录"))
        self.recover_button.clicked.connect(self._recover)
        self.discard_button.clicked.connect(self._discard)
        self.recovery_list.itemActivated.connect(lambda _item: self._recover())
        rlayout = QVBoxLayout(self.recovery_box)
        rlayout.addWidget(
            wrapped_label(_("程序上次没有正常关闭，下面的草稿有未保存的修改，可以恢复。"), self.recovery_box)
        )
        rlayout.addWidget(self.recovery_list)
        rbuttons = QHBoxLayout()
        rbuttons.addWidget(self.recover_button)
        rbuttons.addWidget(self.discard_button)
        rbuttons.addStretch(1)
        rlayout.addLayout(rbuttons)
        self.recovery_box.hide()
        self._recoveries: list[Recovery] = []

        grid = QGridLayout()
        grid.addWidget(new_box, 0, 0)
        grid.addWidget(recent_box, 0, 1)
        grid.addLayout(more, 1, 0)
        grid.addWidget(examples_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(heading_label(_("年报助手：编写、检查和导出政府信息公开工作年度报告"), self))
        layout.addWidget(self.recovery_box)
        layout.addLayout(grid, 1)
        fill_with_scrolling(self, body)  # 1280×720 at 150 %: the page scrolls, the window fits the screen
        self._suggest_format()

    # --- new report --------------------------------------------------------------------------
    def _suggest_format(self) -> None:
        year = self.year.value()
        try:
            # the province named in the body's name picks its variant of the year's format, if it has one
            fid = format_summary_for(year, self.org.text().strip()).id
        except FormatError:
            self.format_hint.setText(_("没有适用于 {y} 年度的格式。").format(y=year))
            return
        if not self._format_chosen:
            self.format.setCurrentIndex(self.format.findData(fid))
        chosen = self.format.currentData()
        if chosen == fid:
            self.format_hint.setText(_("{y} 年度的报告使用此格式。").format(y=year))
        else:
            self.format_hint.setText(
                _("注意：{y} 年度的报告应使用“{name}”。").format(y=year, name=format_summary(fid).name)
            )

    def _format_picked(self, _index: int) -> None:
        self._format_chosen = True
        self._suggest_format()

    def _create(self) -> None:
        org = self.org.text().strip()
        if not org:
            self.org.setFocus()
            return
        self.new_requested.emit(org, self.level.currentText(), self.year.value(), str(self.format.currentData()))

    # --- lists ----------------------------------------------------------------------------------
    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(Path(p).name, self.recent)
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
        if not paths:
            item = QListWidgetItem(_("（暂无）"), self.recent)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def set_recoveries(self, recoveries: list[Recovery]) -> None:
        self._recoveries = list(recoveries)
        self.recovery_list.clear()
        for r in self._recoveries:
            where = str(r.draft_path) if r.draft_path else _("从未保存")
            when = r.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{r.draft.effective_title()}（{where}，{when}）", self.recovery_list)
            item.setToolTip(where)
        self.recovery_box.setVisible(bool(self._recoveries))
        if self._recoveries:
            self.recovery_list.setCurrentRow(0)

    def _selected_recovery(self) -> Recovery | None:
        row = self.recovery_list.currentRow()
        return self._recoveries[row] if 0 <= row < len(self._recoveries) else None

    def _recover(self) -> None:
        r = self._selected_recovery()
        if r is not None:
            self.recover_requested.emit(r)

    def _discard(self) -> None:
        r = self._selected_recovery()
        if r is not None:
            self.discard_recovery_requested.emit(r)
