"""上年数据: last year's figures and texts that the cross-year checks compare with.

Filled from last year's draft, or typed by a clerk who has none (from last year's published
report).  Which figures are asked for comes from the format's rules (A6's row, P4's rows).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms import carry
from forms.checks import Finding
from forms.draftfile import DraftFileError, load_draft
from forms.i18n import _
from forms.model import Draft, LastYear
from forms.values import CellValue, InputError, Invalid, format_value, parse_cell, refusal, refused_value
from ui import routing
from ui.document import ReportDocument
from ui.pages import NoticeLabel, Page, heading_label
from ui.widgets import ask_yes_no, fill_with_scrolling, show_status, warn, wrapped_label

INVALID_STYLE = "QLineEdit { background: #f6c4c4; }"


def last_year_fields(draft: Draft) -> list[tuple[str, str, str]]:
    """(kind, key, label) of every figure the format's cross-year rules read."""
    fmt = draft.fmt
    out: list[tuple[str, str, str]] = []
    a6 = fmt.rules.get("A6")
    if a6:
        tkey = str(a6["row"]).split(".", 1)[0]
        table = fmt.tables[tkey]
        for vc in table.data_row_cells(str(a6["last_year"])):
            out.append(("carried_forward", vc.col_key, table.cell_name(vc.id)))
    p4 = fmt.rules.get("P4")
    if p4:
        for row_id in p4.get("rows", ()):
            tkey, row_key = str(row_id).split(".", 1)
            cid = f"{tkey}.{row_key}.{p4['in_force']}"
            if fmt.has_cell(cid):
                out.append(("in_force", row_key, fmt.cell_name(cid)))
    return out


class LastYearPage(Page):
    page_id = routing.LAST_YEAR

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        self.fill_button = QPushButton(_("从上年草稿填入…"), self)
        self.fill_button.setAccessibleName(_("从上年草稿填入上年数据"))
        self.fill_button.clicked.connect(self.fill_from_file)
        self.notice = NoticeLabel(self)  # fixed room: findings coming and going move nothing

        self.edits: dict[tuple[str, str], QLineEdit] = {}
        figures = QGroupBox(_("上年报告中的数字"), self)
        form = QFormLayout(figures)
        for kind, key, label in last_year_fields(doc.draft):
            edit = QLineEdit(figures)
            edit.setAccessibleName(_("上年：{label}").format(label=label))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("0") * 14)
            edit.textEdited.connect(lambda text, k=kind, key=key, e=edit: self._figure_edited(k, key, e, text))
            self.edits[(kind, key)] = edit
            form.addRow(label + _("："), edit)
        if not self.edits:
            form.addRow(QLabel(_("本格式的检查不需要上年的数字。"), figures))

        self.texts: dict[str, QPlainTextEdit] = {}
        self.tabs = QTabWidget(self)
        for sec in doc.draft.sections:
            edit = QPlainTextEdit(self.tabs)
            edit.setAccessibleName(_("上年文字：{title}").format(title=doc.draft.section_title(sec)))
            edit.setPlaceholderText(_("可把上年报告本节的文字粘贴到这里，用于提醒与上年雷同。"))
            edit.textChanged.connect(lambda key=sec.key, e=edit: self._text_edited(key, e))
            self.texts[sec.key] = edit
            self.tabs.addTab(edit, doc.draft.section_title(sec))
        texts = QGroupBox(_("上年报告各部分的文字"), self)
        tlayout = QVBoxLayout(texts)
        tlayout.addWidget(self.tabs)
        self.tabs.setMinimumHeight(self.fontMetrics().height() * 12)

        body = QWidget(self)
        blayout = QVBoxLayout(body)
        blayout.addWidget(heading_label(_("上年数据"), body))
        blayout.addWidget(
            wrapped_label(
                _(
                    "这些是上年年度报告中的数字和文字，用于核对本年的上年结转数、现行有效的文件数，并提醒内容与上年雷同。"
                    "有上年草稿的，点“从上年草稿填入”；没有的，照上年已发布的报告填写。"
                ),
                body,
            )
        )
        blayout.addWidget(self.fill_button, 0, Qt.AlignmentFlag.AlignLeft)
        blayout.addWidget(self.notice)
        blayout.addWidget(figures)
        blayout.addWidget(texts, 1)
        fill_with_scrolling(self, body)
        self.load()

    def title(self) -> str:
        return _("上年数据")

    def started(self) -> bool:
        ly = self.doc.draft.last_year
        return bool(ly.carried_forward or ly.in_force or ly.texts)

    def _store(self, kind: str) -> dict[str, CellValue]:
        ly = self.doc.draft.last_year
        return ly.carried_forward if kind == "carried_forward" else ly.in_force

    # --- load / edit -----------------------------------------------------------------------------
    def load(self) -> None:
        for (kind, key), edit in self.edits.items():
            value = self._store(kind).get(key)
            edit.setText(format_value(value))
            refused = isinstance(value, Invalid)
            edit.setStyleSheet(INVALID_STYLE if refused else "")
            edit.setToolTip(refusal(value.raw, "count") if isinstance(value, Invalid) else "")
        for key, edit in self.texts.items():
            edit.blockSignals(True)
            edit.setPlainText(self.doc.draft.last_year.texts.get(key, ""))
            edit.blockSignals(False)

    def _figure_edited(self, kind: str, key: str, edit: QLineEdit, text: str) -> None:
        value: CellValue | None
        try:
            value = parse_cell(text, "count")
        except InputError as exc:
            # kept as typed, like a refused table entry: saved, recovered, and a T1 error
            value = refused_value(text)
            edit.setStyleSheet(INVALID_STYLE)
            edit.setToolTip(str(exc))
            show_status(self, str(exc))
        else:
            edit.setStyleSheet("")
            edit.setToolTip("")
        store = self._store(kind)
        if value is None:
            store.pop(key, None)
        else:
            store[key] = value
        self.doc.edited()

    def _text_edited(self, key: str, edit: QPlainTextEdit) -> None:
        text = edit.toPlainText()
        if text.strip():
            self.doc.draft.last_year.texts[key] = text
        else:
            self.doc.draft.last_year.texts.pop(key, None)
        self.doc.edited()

    def fill_from_file(self, path: Path | None = None) -> bool:
        if not path:
            from ui.settings import AppSettings

            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("选择上年的草稿"), AppSettings().last_folder(), _("年报草稿 (*.nianbao)")
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            last = load_draft(path)
        except DraftFileError as exc:
            warn(self, str(exc))
            return False
        if self.started() and not ask_yes_no(self, _("用上年草稿中的数据替换本页已填的上年数据吗？")):
            return False
        self.doc.draft.last_year = LastYear(
            carried_forward=carry.carried_forward(last),
            in_force=carry.in_force(last),
            texts=carry.section_texts(last),
        )
        self.load()
        self.doc.edited()
        show_status(self, _("已从“{name}”填入上年数据。").format(name=path.name))
        return True

    # --- shell -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        mine = [f for f in self.doc.findings if any(x.startswith("last_year.") for x in f.fields)]
        self.notice.show_findings(mine)

    def focus_finding(self, finding: Finding) -> None:
        for field in finding.fields:
            parts = field.split(".")
            if len(parts) == 3 and parts[0] == "last_year":
                edit = self.edits.get((parts[1], parts[2]))
                if edit is not None:
                    edit.setFocus(Qt.FocusReason.OtherFocusReason)
                    edit.selectAll()
                    return
