"""基本信息: organisation, level, year, 成文日期, 署名, contact, and the editable title and 前言."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forms.catalog import FIRST_YEAR, LAST_YEAR
from forms.checks import Finding
from forms.i18n import _, format_cn_date
from forms.model import LEVELS
from ui import routing
from ui.document import ReportDocument
from ui.edits import PREFACE
from ui.pages import NoticeLabel, Page, heading_label
from ui.paragraph_editor import ParagraphEditor
from ui.widgets import fill_with_scrolling

CONTACT_FIELDS = (
    ("office", _("联系部门（不填则为本机关）")),
    ("address", _("地址")),
    ("postcode", _("邮编")),
    ("phone", _("电话")),
    ("email", _("电子邮箱")),
    ("website", _("报告发布网址")),
)


class MetaPage(Page):
    page_id = routing.META

    def __init__(self, doc: ReportDocument, parent: QWidget | None = None) -> None:
        super().__init__(doc, parent)
        draft = doc.draft
        m = draft.meta
        self._loading = True

        self.org = QLineEdit(m.org, self)
        self.org.setAccessibleName(_("机关名称"))
        self.org.setPlaceholderText(_("例如：某某县某某镇人民政府"))
        self.level = QComboBox(self)
        self.level.addItems(list(LEVELS))
        self.level.setCurrentText(m.level)
        self.level.setAccessibleName(_("机关层级"))
        self.year = QSpinBox(self)
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(m.year)
        self.year.setAccessibleName(_("报告年度"))
        self.format_label = QLabel(draft.fmt.name, self)
        self.format_label.setWordWrap(True)

        self.has_date = QCheckBox(_("填写成文日期"), self)
        self.has_date.setChecked(m.date is not None)
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = m.date or dt.date(m.year + 1, 1, 20)
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.date.setEnabled(m.date is not None)
        self.date.setAccessibleName(_("成文日期"))
        self.date_printed = QLabel(self)
        self.date_printed.setAccessibleName(_("成文日期的印刷形式"))
        self.signature = QLineEdit(m.signature, self)
        self.signature.setAccessibleName(_("发文机关署名"))
        self.signature.setPlaceholderText(_("不填则不署名"))

        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_printed, 1)

        basic = QGroupBox(_("机关与年度"), self)
        form = QFormLayout(basic)
        form.addRow(_("机关名称："), self.org)
        form.addRow(_("机关层级："), self.level)
        form.addRow(_("报告年度："), self.year)
        form.addRow(_("报告格式："), self.format_label)
        form.addRow(_("成文日期："), date_row)
        form.addRow(_("发文机关署名："), self.signature)

        contact = QGroupBox(_("联系方式（用于前言）"), self)
        cform = QFormLayout(contact)
        self.contact: dict[str, QLineEdit] = {}
        for key, label in CONTACT_FIELDS:
            edit = QLineEdit(getattr(m.contact, key), contact)
            edit.setAccessibleName(label)
            edit.textEdited.connect(self._contact_changed)
            self.contact[key] = edit
            cform.addRow(label + _("："), edit)

        self.title_edit = QLineEdit(draft.effective_title(), self)
        self.title_edit.setAccessibleName(_("报告标题"))
        self.title_reset = QPushButton(_("恢复默认"), self)
        self.title_reset.setAccessibleName(_("标题恢复默认"))
        self.title_state = QLabel(self)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.title_state)
        title_row.addWidget(self.title_reset)

        self.preface = ParagraphEditor(_("前言"), self)
        self.preface.set_paragraphs(draft.effective_preface())
        self.preface_reset = QPushButton(_("恢复默认"), self)
        self.preface_reset.setAccessibleName(_("前言恢复默认"))
        self.preface_state = QLabel(self)
        preface_row = QHBoxLayout()
        preface_row.addWidget(self.preface_state, 1)
        preface_row.addWidget(self.preface_reset)

        texts = QGroupBox(_("标题和前言"), self)
        tlayout = QVBoxLayout(texts)
        tlayout.addLayout(title_row)
        tlayout.addWidget(QLabel(_("前言（默认按上面的信息自动生成，也可以自己改写）："), texts))
        tlayout.addWidget(self.preface, 1)
        tlayout.addLayout(preface_row)
        self.preface.setMinimumHeight(self.fontMetrics().height() * 8)

        self.notice = NoticeLabel(self)  # fixed room: findings coming and going move nothing
        self.notice.setAccessibleName(_("基本信息的检查提示"))

        body = QWidget(self)
        blayout = QVBoxLayout(body)
        blayout.addWidget(heading_label(_("基本信息"), body))
        blayout.addWidget(self.notice)
        blayout.addWidget(basic)
        blayout.addWidget(contact)
        blayout.addWidget(texts, 1)
        fill_with_scrolling(self, body)

        self.org.textEdited.connect(self._meta_changed)
        self.level.currentTextChanged.connect(self._meta_changed)
        self.year.valueChanged.connect(self._meta_changed)
        self.has_date.toggled.connect(self._date_changed)
        self.date.dateChanged.connect(self._date_changed)
        self.signature.textEdited.connect(self._meta_changed)
        self.title_edit.textEdited.connect(self._title_changed)
        self.title_reset.clicked.connect(self._reset_title)
        self.preface.changed.connect(self._preface_changed)
        self.preface_reset.clicked.connect(self._reset_preface)
        doc.texts_replaced.connect(self._texts_replaced)
        self._loading = False
        self._printed_date: dt.date | None = None
        self.date_printed.setText("")
        self.refresh()

    def title(self) -> str:
        return _("基本信息")

    # --- edits ------------------------------------------------------------------------------------
    def _meta_changed(self) -> None:
        if self._loading:
            return
        m = self.doc.draft.meta
        m.org = self.org.text().strip()
        m.level = self.level.currentText()
        m.year = self.year.value()
        m.signature = self.signature.text().strip()
        self.doc.edited()

    def _contact_changed(self) -> None:
        for key, edit in self.contact.items():
            setattr(self.doc.draft.meta.contact, key, edit.text().strip())
        self.doc.edited()

    def _date_changed(self) -> None:
        if self._loading:
            return
        self.date.setEnabled(self.has_date.isChecked())
        if self.has_date.isChecked():
            q = self.date.date()
            self.doc.draft.meta.date = dt.date(q.year(), q.month(), q.day())
        else:
            self.doc.draft.meta.date = None
        self.doc.edited()

    def _title_changed(self, text: str) -> None:
        draft = self.doc.draft
        draft.title = None if text.strip() in ("", draft.default_title()) else text.strip()
        self.doc.edited()

    def _reset_title(self) -> None:
        self.doc.draft.title = None
        self.doc.edited()

    def _preface_changed(self) -> None:
        if self._loading:
            return
        paragraphs = self.preface.paragraphs()
        draft = self.doc.draft
        value = None if paragraphs == draft.default_preface() else paragraphs
        self.doc.set_paragraphs(PREFACE, value, self.preface.cursors())

    def _reset_preface(self) -> None:
        self.doc.set_paragraphs(PREFACE, None)

    def _texts_replaced(self, target: object, cursor: object) -> None:
        if target == PREFACE:
            self._loading = True
            self.preface.show_paragraphs(
                self.doc.draft.effective_preface(), cursor if isinstance(cursor, int) else None
            )
            self._loading = False

    # --- shell ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        draft = self.doc.draft
        self._loading = True
        if draft.title is None and self.title_edit.text() != draft.default_title():
            self.title_edit.setText(draft.default_title())
        if draft.preface is None and self.preface.paragraphs() != draft.default_preface():
            self.preface.set_paragraphs(draft.default_preface())
        self._loading = False
        self.title_state.setText(_("（默认）") if draft.title is None else _("（已修改）"))
        self.title_reset.setEnabled(draft.title is not None)
        self.preface_state.setText(
            _("前言为默认内容，会随上面的信息自动更新。") if draft.preface is None else _("前言已修改，不再自动更新。")
        )
        self.preface_reset.setEnabled(draft.preface is not None)
        date = draft.meta.date
        if date != self._printed_date:  # Babel is slow enough to matter on every keystroke
            self._printed_date = date
            self.date_printed.setText(_("印刷为：{d}").format(d=format_cn_date(date)) if date else "")
        mine = [f for f in self.doc.findings if routing.META in routing.finding_pages(draft.fmt, f)]
        self.notice.show_findings(mine)

    def focus_finding(self, finding: Finding) -> None:
        targets = {
            "meta.org": self.org,
            "meta.year": self.year,
            "meta.level": self.level,
            "meta.date": self.date if self.has_date.isChecked() else self.has_date,
            "title": self.title_edit,
            "preface": self.preface.edit,
        }
        for field in finding.fields:
            widget = targets.get(field)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
                return
