"""What exists, cheap to ask: the formats with their names and years, the organisation levels,
the draft file suffix and the default title.

The start page needs only these; building the formats' table grids (``forms.schema``) waits
until a report is opened, which keeps start-up close to a bare window's (SPEC §7).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from forms.errors import FormatError
from forms.i18n import _
from forms.levels import level_names

FORMATS_DIR = Path(__file__).with_name("formats")
DRAFT_SUFFIX = ".nianbao"
#: the kinds of body that publish the report (forms/levels.json: the rules each triggers)
LEVELS = level_names()


def default_title(org: str, year: int) -> str:
    return _("{org}{year}年政府信息公开工作年度报告").format(org=org, year=year)


def format_ids() -> list[str]:
    return sorted(p.stem for p in FORMATS_DIR.glob("*.json"))


@dataclass(frozen=True)
class FormatSummary:
    """A format's id, name and years, read without building its tables."""

    id: str
    name: str
    year_from: int
    year_to: int | None
    #: a provincial variant names the national format it extends and its province (SPEC §2)
    extends: str | None = None
    province: str | None = None

    def applies_to(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)


@cache
def format_summary(format_id: str) -> FormatSummary:
    path = FORMATS_DIR / f"{format_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["name"]
        extends = data.get("extends")
        province = data.get("province")
        if extends is not None and (not isinstance(extends, str) or extends == format_id):
            raise TypeError("extends")
        # a variant applies to the years of the format it extends unless it narrows them
        years = data["years"] if extends is None or "years" in data else None
        if years is None:
            base = format_summary(extends)
            year_from, year_to = base.year_from, base.year_to
        else:
            year_from = int(years["from"])
            year_to = None if years.get("to") is None else int(years["to"])
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise FormatError(_("格式文件无法读取：{name}（{err}）").format(name=path.name, err=exc)) from exc
    if not isinstance(name, str) or not (province is None or isinstance(province, str)):
        raise FormatError(_("格式定义中“name”的类型不对（{name}）").format(name=path.name))
    return FormatSummary(format_id, name, year_from, year_to, extends, province)


def format_lineage(format_id: str) -> tuple[str, ...]:
    """The format and the formats it extends, nearest first (templates are inherited along it)."""
    out = [format_id]
    while (base := format_summary(out[-1]).extends) is not None and base not in out:
        out.append(base)
    return tuple(out)


def format_summary_for_year(year: int) -> FormatSummary:
    """The national format that applies to a report year (G1), without loading its tables."""
    for fid in format_ids():
        summary = format_summary(fid)
        if summary.extends is None and summary.applies_to(year):
            return summary
    raise FormatError(_("没有适用于 {year} 年度的报告格式").format(year=year))


def format_summary_for(year: int, org: str = "", province: str | None = None) -> FormatSummary:
    """The format offered for a new report: the variant of the body's province when one applies
    to the year (the province given, or named in the body's name), else the national one."""
    national = format_summary_for_year(year)
    for fid in format_ids():
        summary = format_summary(fid)
        if summary.extends != national.id or not summary.province or not summary.applies_to(year):
            continue
        if (province is not None and summary.province.startswith(province)) or (
            province is None and summary.province in org
        ):
            return summary
    return national


#: the report years a draft may have: the oldest format's first year is 2008; 2100 is a bound
#: against typing errors (3000), shared by ``new``, the window's year fields and draft loading
FIRST_YEAR = 2000
LAST_YEAR = 2100
