"""G11: the 统计期限 a text states is not the calendar year of the report.

Only a sentence that speaks of the statistics' period (统计期限, 统计时间, 所列数据 …) is read,
so that "2022年1月1日至6月30日开展专项整治" is not taken for one.  A 前言 period that is the
right shape (1月1日 to 12月31日 of one year) but the wrong year is G4's (years disagree).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import WARNING, Finding
from forms.checks.prose import paragraphs, scanner, sentence, whole_sentence
from forms.i18n import _, format_cn_date

_ABOUT_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期)|所列数据|数据统计|统计数据")
_PERIOD = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?[，,]?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _periods(text: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """The periods a paragraph states in a sentence about the 统计期限: (start, end, date groups)."""
    if not _ABOUT_PERIOD.search(text):
        return []
    out = []
    for m in _PERIOD.finditer(text):
        lo, hi = whole_sentence(text, m.start(), m.end())
        if _ABOUT_PERIOD.search(text, lo, hi):
            out.append((m.start(), m.end(), m.groups()))
    return out


def check_g11(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    year = ctx.draft.meta.year
    want = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    seen: set[tuple[str, dt.date, dt.date]] = set()
    found_in = scanner("G11", _periods)
    for para in paragraphs(ctx):
        for m_start, m_end, groups in found_in(para.text):
            start = _date(groups[0], groups[1], groups[2])
            end = _date(groups[3] or groups[0], groups[4], groups[5])
            if start is None or end is None or (start, end) == want:
                continue
            calendar_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
            if calendar_year and para.field == "preface":
                continue  # the right period of another year: G4 reports it
            if (para.field, start, end) in seen:
                continue
            seen.add((para.field, start, end))
            yield Finding(
                rule="G11",
                severity=WARNING,
                message=_(
                    "“{where}”写的统计期限是{start}至{end}，但年度报告的统计期限应是{year}年1月1日至{year}年12月31日："
                    "“{quote}”。"
                ).format(
                    where=para.where,
                    start=format_cn_date(start),
                    end=format_cn_date(end),
                    year=year,
                    quote=sentence(para.text, m_start, m_end),
                ),
                fields=(para.field,),
                expected=_("{year}年1月1日至{year}年12月31日").format(year=year),
                actual=_("{start}至{end}").format(start=format_cn_date(start), end=format_cn_date(end)),
            )
