"""What differs between two drafts, in lines a clerk reads to decide whether to recover one.

Offered a recovered draft next to the file on disk, the clerk needs to see in a glance what
the recovery would bring back: which cells, which texts, which basic details.  Names come
from the format itself (its cell and section names), never from labels written here; values
print as the report prints them, and a blank cell prints as （空白）, never as 0.  Qt-free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from forms.i18n import _, format_cn_date
from forms.model import Draft, Paragraph
from forms.schema import FormatDef
from forms.values import CellValue, format_value

#: how many lines a clerk is shown before the rest is only counted
DEFAULT_LIMIT = 12

_META_FIELDS = (
    ("org", _("机关名称")),
    ("level", _("机关层级")),
    ("year", _("报告年度")),
    ("signature", _("发文机关署名")),
)
_CONTACT_FIELDS = (
    ("office", _("联系部门")),
    ("address", _("地址")),
    ("postcode", _("邮编")),
    ("phone", _("电话")),
    ("email", _("电子邮箱")),
    ("website", _("报告发布网址")),
)


def _blank(text: str) -> str:
    return text if text else _("（空白）")


def _value(value: CellValue | None) -> str:
    return _blank(format_value(value))


def _date(day: dt.date | None) -> str:
    return format_cn_date(day) if day is not None else _("（空白）")


def _texts(paragraphs: list[Paragraph] | None) -> list[tuple[str, int]] | None:
    return None if paragraphs is None else [(p.text, p.level) for p in paragraphs]


def _meta_lines(old: Draft, new: Draft) -> Iterator[str]:
    head = _("基本信息：")
    for attr, label in _META_FIELDS:
        a, b = getattr(old.meta, attr), getattr(new.meta, attr)
        if a != b:
            yield head + f"{label} {_blank(str(a))} → {_blank(str(b))}"
    if old.meta.date != new.meta.date:
        yield head + _("成文日期 {a} → {b}").format(a=_date(old.meta.date), b=_date(new.meta.date))
    for attr, label in _CONTACT_FIELDS:
        a, b = getattr(old.meta.contact, attr), getattr(new.meta.contact, attr)
        if a != b:
            yield head + f"{label} {_blank(a)} → {_blank(b)}"
    if old.title != new.title:
        yield _("报告标题 “{a}” → “{b}”").format(a=old.effective_title(), b=new.effective_title())
    if _texts(old.preface) != _texts(new.preface):
        yield _("前言的文字有改动")


def _section_lines(old: Draft, new: Draft) -> Iterator[str]:
    old_secs = {s.key: s for s in old.sections}
    new_secs = {s.key: s for s in new.sections}
    keys = [s.key for s in new.sections] + [k for k in old_secs if k not in new_secs]
    for key in keys:
        a, b = old_secs.get(key), new_secs.get(key)
        if a is None:
            assert b is not None
            yield _("新增章节“{title}”").format(title=new.section_title(b))
            continue
        if b is None:
            yield _("删去了章节“{title}”").format(title=old.section_title(a))
            continue
        title = new.section_title(b)
        if a.title != b.title:
            yield _("章节标题 “{a}” → “{b}”").format(a=old.section_title(a), b=title)
        if _texts(a.before) != _texts(b.before) or _texts(a.after) != _texts(b.after):
            yield _("“{title}”的文字有改动").format(title=title)
        if a.items != b.items:
            yield _("“{title}”所报告的事项有改动").format(title=title)
        if a.pictures != b.pictures:
            yield _("“{title}”的图片有改动（{a} 张 → {b} 张）").format(
                title=title, a=len(a.pictures), b=len(b.pictures)
            )
    if [s.key for s in old.sections if s.key in new_secs] != [s.key for s in new.sections if s.key in old_secs]:
        yield _("章节的顺序有改动")


def table_name(fmt: FormatDef, table_key: str) -> str:
    """What the clerk calls a table: the section it stands in, or the attachment it is."""
    for sdef in fmt.sections:
        if sdef.table == table_key:
            return sdef.title
    if fmt.attachment is not None and fmt.attachment.get("table") == table_key:
        return fmt.attachment.get("label") or table_key
    return table_key


def _table_lines(old: Draft, new: Draft) -> Iterator[str]:
    fmt = new.fmt
    for key, tdef in fmt.tables.items():
        name = table_name(fmt, key)
        a, b = old.tables.get(key), new.tables.get(key)
        a_included = a.included if a is not None else not tdef.optional
        b_included = b.included if b is not None else not tdef.optional
        if a_included != b_included:
            yield (_("表格“{name}”改为列入报告") if b_included else _("表格“{name}”改为不列入报告")).format(name=name)
        if (a is not None and a.entered_totals) != (b is not None and b.entered_totals):
            yield _("表格“{name}”的合计改为{how}").format(
                name=name, how=_("手工填写") if b is not None and b.entered_totals else _("自动计算")
            )
        a_values = a.values if a is not None else {}
        b_values = b.values if b is not None else {}
        for cell_id in tdef.cells:
            x, y = a_values.get(cell_id), b_values.get(cell_id)
            if x != y:
                yield _("表格“{name}”：“{cell}” {a} → {b}").format(
                    name=name, cell=fmt.cell_name(cell_id), a=_value(x), b=_value(y)
                )


def _other_lines(old: Draft, new: Draft) -> Iterator[str]:
    if old.last_year != new.last_year:
        yield _("“上年数据”有改动")
    if old.acknowledgements != new.acknowledgements:
        yield _("已确认的检查提示有改动（{a} 条 → {b} 条）").format(
            a=len(old.acknowledgements), b=len(new.acknowledgements)
        )


def all_differences(old: Draft, new: Draft) -> list[str]:
    """Every difference, in the order of the report: basic details, texts, tables, the rest."""
    if old.format_id != new.format_id:
        # cells and sections of two formats are not the same things: compare what both have
        lines = [_("报告格式不同：{a} → {b}").format(a=old.fmt.name, b=new.fmt.name)]
        lines += _meta_lines(old, new)
        return lines
    return [*_meta_lines(old, new), *_section_lines(old, new), *_table_lines(old, new), *_other_lines(old, new)]


def differences(old: Draft, new: Draft, limit: int = DEFAULT_LIMIT) -> list[str]:
    """At most ``limit`` lines of what ``new`` changes in ``old``, and how many more there are.

    Empty when the drafts hold the same content.
    """
    lines = all_differences(old, new)
    if len(lines) <= limit:
        return lines
    shown = max(limit, 0)
    return [*lines[:shown], _("另有 {n} 处改动").format(n=len(lines) - shown)]
