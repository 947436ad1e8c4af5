"""The draft: only what the clerk entered, plus the defaults that are derived from it.

Blank is not zero: a cell that was never filled is absent from ``TableData.values``.
Pure sums are never stored; ``forms.totals`` computes them unless a table is switched to
entered totals (needed to reproduce a report as published).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.catalog import LEVELS, default_title
from forms.i18n import _
from forms.pictures import Picture
from forms.schema import FormatDef, load_format
from forms.values import CellValue

__all__ = [
    "LEVELS",
    "Acknowledgement",
    "Contact",
    "Draft",
    "LastYear",
    "Meta",
    "Paragraph",
    "SectionText",
    "TableData",
    "new_draft",
]

# Paragraph levels: 正文, 一级 "一、", 二级 "（一）", 三级 "1.".
LEVEL_NAMES = {0: _("正文"), 1: _("一级标题"), 2: _("二级标题"), 3: _("三级标题")}


@dataclass
class Paragraph:
    text: str
    level: int = 0


@dataclass
class Contact:
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    office: str = ""  # the office to contact, when it is not the organisation itself


@dataclass
class Meta:
    org: str
    year: int
    level: str = "乡镇"
    date: dt.date | None = None  # 成文日期
    signature: str = ""  # 发文机关署名
    contact: Contact = field(default_factory=Contact)

    @property
    def period(self) -> tuple[dt.date, dt.date]:
        """统计期限: the calendar year of the report."""
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)


@dataclass
class SectionText:
    key: str
    #: the clerk's own title (legacy sections may be retitled); None keeps the format's title
    title: str | None = None
    before: list[Paragraph] = field(default_factory=list)
    after: list[Paragraph] = field(default_factory=list)
    #: legacy: the statutory content items this section reports on
    items: list[str] = field(default_factory=list)
    #: picture blocks, kept apart from the text lists: ``before``/``after`` hold text only, and a
    #: picture's ``place``/``anchor`` say where it stands among them (``forms.pictures.blocks``)
    pictures: list[Picture] = field(default_factory=list)


@dataclass
class TableData:
    values: dict[str, CellValue] = field(default_factory=dict)
    entered_totals: bool = False
    included: bool = True  # an optional table (legacy 统计表) may be left out


@dataclass
class LastYear:
    """Last year's figures and texts that the cross-year checks (A6, P4, G6) compare with."""

    carried_forward: dict[str, CellValue] = field(default_factory=dict)  # apply column key -> value
    in_force: dict[str, CellValue] = field(default_factory=dict)  # active row key -> 现行有效件数
    texts: dict[str, str] = field(default_factory=dict)  # section key -> text


@dataclass
class Acknowledgement:
    rule: str
    cells: tuple[str, ...]
    actual: str
    note: str


@dataclass
class Draft:
    format_id: str
    meta: Meta
    title: str | None = None  # None: the default title
    preface: list[Paragraph] | None = None  # None: the default 前言
    sections: list[SectionText] = field(default_factory=list)
    tables: dict[str, TableData] = field(default_factory=dict)
    last_year: LastYear = field(default_factory=LastYear)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    #: the published report this draft was imported from (its file name), if it was
    imported_from: str | None = None

    @property
    def fmt(self) -> FormatDef:
        return load_format(self.format_id)

    # --- texts -------------------------------------------------------------------------
    def default_title(self) -> str:
        return default_title(self.meta.org, self.meta.year)

    def effective_title(self) -> str:
        return self.title if self.title is not None else self.default_title()

    def default_preface(self) -> list[Paragraph]:
        return [Paragraph(default_preface_text(self))]

    def effective_preface(self) -> list[Paragraph]:
        return self.preface if self.preface is not None else self.default_preface()

    def section(self, key: str) -> SectionText | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_title(self, sec: SectionText) -> str:
        if sec.title is not None:
            return sec.title
        sdef = self.fmt.section(sec.key)
        return sdef.title if sdef else sec.key

    def section_text(self, key: str) -> str:
        sec = self.section(key)
        if sec is None:
            return ""
        return "\n".join(p.text for p in sec.before + sec.after)

    def all_text(self) -> str:
        parts = [self.effective_title()] + [p.text for p in self.effective_preface()]
        for sec in self.sections:
            parts.append(self.section_title(sec))
            parts.extend(p.text for p in sec.before + sec.after)
        return "\n".join(parts)

    def pictures(self) -> list[Picture]:
        """Every picture block of the report, section by section."""
        return [p for sec in self.sections for p in sec.pictures]

    # --- cells -------------------------------------------------------------------------
    def table(self, key: str) -> TableData:
        return self.tables.setdefault(key, TableData())

    def value(self, cell_id: str) -> CellValue | None:
        return self.table(cell_id.split(".", 1)[0]).values.get(cell_id)

    def set_value(self, cell_id: str, value: CellValue | None) -> None:
        if not self.fmt.has_cell(cell_id):
            raise KeyError(cell_id)
        values = self.table(cell_id.split(".", 1)[0]).values
        if value is None:
            values.pop(cell_id, None)
        else:
            values[cell_id] = value


def default_preface_text(draft: Draft) -> str:
    """前言 built from the metadata: basis (条例 and the format's notice), period, where, contact."""
    m = draft.meta
    fmt = draft.fmt
    parts = []
    if fmt.notice:
        parts.append(
            _("本报告根据《中华人民共和国政府信息公开条例》和{title}（{notice}）要求编制。").format(
                title=fmt.notice_title, notice=fmt.notice
            )
        )
    else:
        parts.append(_("本报告根据《中华人民共和国政府信息公开条例》要求编制。"))
    parts.append(_("本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。").format(y=m.year))
    c = m.contact
    if c.website:
        parts.append(_("本报告电子版可在{site}查阅或下载。").format(site=c.website))
    labelled = ((_("地址："), c.address), (_("邮编："), c.postcode), (_("电话："), c.phone), (_("电子邮箱："), c.email))
    details = [label + value for label, value in labelled if value]
    if details:
        parts.append(
            _("如对本报告有疑问，请与{office}联系（{details}）。").format(
                office=c.office or m.org, details=_("；").join(details)
            )
        )
    return "".join(parts)


def new_draft(format_id: str, org: str, year: int, level: str = "乡镇") -> Draft:
    """An empty draft with the format's sections in order."""
    fmt = load_format(format_id)
    draft = Draft(format_id=format_id, meta=Meta(org=org, year=year, level=level))
    for sdef in fmt.sections:
        # SPEC §2: 总体情况 of gov2021 starts with the customary outline, as 二级 headings
        outline = [Paragraph(heading, 2) for heading in sdef.outline]
        draft.sections.append(SectionText(key=sdef.key, items=list(sdef.items), before=outline))
    for tkey, tdef in fmt.tables.items():
        draft.tables[tkey] = TableData(included=not tdef.optional)
    return draft
