"""Checks of the report as a document: G1 (format vs year), G2 (notice cited), G4 (years), G5 (deadline)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import ERROR, WARNING, Finding
from forms.i18n import _, format_cn_date
from forms.levels import level
from forms.schema import FormatError, format_for_year, format_ids, load_format

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# spaces around the digits are common in texts pasted from PDF or Word ("2017 年")
_PERIOD_START = re.compile(r"(?<!\d)(\d{4})\s*年\s*1\s*月\s*1\s*日")
_PERIOD_END = re.compile(r"至\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")
_PARAGRAPH_YEAR = re.compile(r"^\s*(\d{4})\s*年")


def check_g1(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    year = ctx.draft.meta.year
    if ctx.fmt.applies_to(year):
        return
    try:
        right: str | None = format_for_year(year).name
    except FormatError:
        right = None
    if ctx.fmt.year_to is None:
        span = _("{first} 年度及以后").format(first=ctx.fmt.year_from)
    else:
        span = _("{first}—{last} 年度").format(first=ctx.fmt.year_from, last=ctx.fmt.year_to)
    message = _("报告年度是 {year} 年，但本草稿使用的是“{name}”（适用于 {span}的报告）。").format(
        year=year, name=ctx.fmt.name, span=span
    )
    if right is not None:
        message += _("{year} 年度的报告应使用“{right}”。").format(year=year, right=right)
    yield Finding(
        rule="G1", severity=ERROR, message=message, fields=("meta.year",), expected=right, actual=ctx.fmt.name
    )


@cache
def _other_notices(format_id: str) -> tuple[tuple[str, str], ...]:
    """(notice, format name) of every other format that cites a notice of its own."""
    own = load_format(format_id).notice
    out = []
    for fid in format_ids():
        other = load_format(fid)
        # a provincial variant cites its national format's notice: named once, by the national format
        if fid != format_id and other.extends is None and other.notice and other.notice != own:
            out.append((other.notice, other.name))
    return tuple(out)


def check_g2(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    text = "".join(p.text for p in ctx.draft.effective_preface())
    for notice, name in _other_notices(ctx.fmt.id):
        if notice not in text:
            continue
        message = _("前言引用了“{notice}”，那是{name}的依据。").format(notice=notice, name=name)
        if ctx.fmt.notice:
            message += _("本报告使用的格式应引用“{own}”。").format(own=ctx.fmt.notice)
        yield Finding(
            rule="G2",
            severity=WARNING,
            message=message,
            fields=("preface",),
            expected=ctx.fmt.notice or None,
            actual=notice,
        )


def _year_finding(field: str, where: str, found: int, year: int) -> Finding:
    return Finding(
        rule="G4",
        severity=WARNING,
        message=_("{where}写的是 {found} 年，但报告年度是 {year} 年，请核对。").format(
            where=where, found=found, year=year
        ),
        fields=(field,),
        expected=str(year),
        actual=str(found),
    )


def check_g4(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    draft = ctx.draft
    year = draft.meta.year
    title_years = dict.fromkeys(int(m.group(1)) for m in _YEAR.finditer(draft.effective_title()))
    for found in title_years:
        if found != year:
            yield _year_finding("title", _("标题中"), found, year)
    preface = "".join(p.text for p in draft.effective_preface())
    period = [int(m.group(1)) for rx in (_PERIOD_START, _PERIOD_END) for m in rx.finditer(preface)]
    for found in dict.fromkeys(period):
        if found != year:
            yield _year_finding("preface", _("前言的统计期限"), found, year)
    date = draft.meta.date
    end = dt.date(year, 12, 31)
    if date is not None and date <= end:
        # dated on the period's last day is not "before" it: the figures of that day are not final yet
        relation = _("早于") if date < end else _("就是")
        yield Finding(
            rule="G4",
            severity=WARNING,
            message=_(
                "成文日期 {date} {relation}统计期限的结束（{year}年12月31日）：报告应在本年度结束后成文。"
            ).format(date=format_cn_date(date), relation=relation, year=year),
            fields=("meta.date",),
            expected=_("{year}年12月31日以后").format(year=year),
            actual=format_cn_date(date),
        )
    for sec in draft.sections:
        for para in sec.before + sec.after:
            m = _PARAGRAPH_YEAR.match(para.text)
            if m is None:
                continue
            found = int(m.group(1))
            if found not in (year, year + 1):
                where = _("“{section}”中一段开头").format(section=draft.section_title(sec))
                yield _year_finding(f"section.{sec.key}", where, found, year)


def deadline(ctx: Context) -> dt.date:
    month, day = ctx.settings.deadline or level(ctx.draft.meta.level).deadline
    year = ctx.draft.meta.year + 1
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def check_g5(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    date = ctx.draft.meta.date
    if date is None:
        return
    due = deadline(ctx)
    if date <= due:
        return
    yield Finding(
        rule="G5",
        severity=WARNING,
        message=_("成文日期 {date} 晚于发布期限 {due}（以县级政府信息公开工作主管部门通知为准）。").format(
            date=format_cn_date(date), due=format_cn_date(due)
        ),
        fields=("meta.date",),
        expected=format_cn_date(due),
        actual=format_cn_date(date),
    )
