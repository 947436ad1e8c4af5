"""Which page of the window a finding, a cell or a field belongs to.

Page ids: ``meta`` (基本信息), ``last_year`` (上年数据), ``sec:<key>`` (a report section),
``sections`` (legacy section list), ``attachment`` (legacy 统计表), ``preview``.
"""

from __future__ import annotations

from forms.checks import Finding
from forms.schema import FormatDef

META = "meta"
LAST_YEAR = "last_year"
SECTIONS = "sections"
ATTACHMENT = "attachment"
PREVIEW = "preview"


def section_page(key: str) -> str:
    return f"sec:{key}"


def table_page(fmt: FormatDef, table_key: str) -> str:
    if fmt.attachment is not None and fmt.attachment.get("table") == table_key:
        return ATTACHMENT
    for sdef in fmt.sections:
        if sdef.table == table_key:
            return section_page(sdef.key)
    return META


def field_page(field: str) -> str:
    if field.startswith("section."):
        return section_page(field.split(".", 1)[1])
    if field.startswith("last_year."):
        return LAST_YEAR
    return META


def finding_pages(fmt: FormatDef, finding: Finding) -> list[str]:
    """Every page the finding concerns, the page that shows its first cell or field first."""
    out: list[str] = []
    for cid in finding.cells:
        page = table_page(fmt, cid.split(".", 1)[0])
        if page not in out:
            out.append(page)
    for field in finding.fields:
        page = field_page(field)
        if page not in out:
            out.append(page)
    return out


def by_page(fmt: FormatDef, findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        for page in finding_pages(fmt, f):
            out.setdefault(page, []).append(f)
    return out


def by_cell(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        for cid in f.cells:
            out.setdefault(cid, []).append(f)
    return out


def by_field(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        for field in f.fields:
            out.setdefault(field, []).append(f)
    return out
