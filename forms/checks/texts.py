"""Checks of the section texts: G3 (mandated content), G8, G9 (words), G10 (length); G7 is in figures.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from forms.checks.context import Context
from forms.checks.findings import ERROR, WARNING, Finding
from forms.checks.table_sense import section_title
from forms.i18n import _
from forms.levels import triggers
from forms.model import SectionText


def _has_text(sec: SectionText) -> bool:
    # headings alone (the outline a new gov2021 draft starts with) are not yet content
    return any(p.text.strip() and p.level == 0 for p in sec.before + sec.after)


def _empty(ctx: Context, sec: SectionText) -> Finding:
    return Finding(
        rule="G3",
        severity=ERROR,
        message=_("“{title}”还没有内容：这一部分必须写，没有相关情况的也要写明。").format(
            title=ctx.draft.section_title(sec)
        ),
        fields=(f"section.{sec.key}",),
    )


def check_g3(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    if ctx.fmt.items:
        yield from _g3_items(ctx)
        return
    for sdef in ctx.fmt.sections:
        if not sdef.mandatory:
            continue
        sec = ctx.draft.section(sdef.key)
        if sec is None:
            yield Finding(
                rule="G3",
                severity=ERROR,
                message=_("报告缺少“{title}”这一部分：这是格式规定必须有的内容。").format(title=sdef.title),
                fields=(f"section.{sdef.key}",),
            )
        elif sdef.table is None:
            if not _has_text(sec):
                yield _empty(ctx, sec)
        elif not _has_text(sec) and not ctx.draft.table(sdef.table).values:
            yield Finding(
                rule="G3",
                severity=ERROR,
                message=_("“{title}”的表格和文字都是空的：请填写表格，没有发生的事项填0。").format(
                    title=ctx.draft.section_title(sec)
                ),
                fields=(f"section.{sec.key}",),
            )


def _g3_items(ctx: Context) -> Iterator[Finding]:
    """Legacy reports: sections are the clerk's own; the statutory items must each be covered."""
    for item in ctx.fmt.items:
        if not item.mandatory:
            continue
        covering = [s for s in ctx.draft.sections if item.key in s.items]
        if not covering:
            yield Finding(
                rule="G3",
                severity=ERROR,
                message=_(
                    "没有哪一部分报告“{item}”：这是条例规定必须报告的内容。请在某一部分的“报告事项”中选上它，或新增一部分。"
                ).format(item=item.title),
                # no section reports it, so the finding points at the statutory item itself
                fields=(f"item.{item.key}",),
            )
    reported: set[str] = set()
    mandatory = {i.key for i in ctx.fmt.items if i.mandatory}
    for sec in ctx.draft.sections:
        if sec.key not in reported and mandatory.intersection(sec.items) and not _has_text(sec):
            reported.add(sec.key)
            yield _empty(ctx, sec)


def check_g8(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    if triggers(ctx.draft.meta.level, "G8") is None:
        return
    if ctx.draft.meta.year < int(params.get("since", 0)):
        return  # reports under the 2007 条例 have no 第五十条 requirement
    words = [str(w) for w in params.get("words", ())]
    text = ctx.draft.all_text()
    missing = [w for w in words if w not in text]
    if not missing:
        return
    first = ctx.fmt.sections[0].key if ctx.fmt.sections else None
    yield Finding(
        rule="G8",
        severity=WARNING,
        message=_(
            "各级人民政府的年度报告应报告{all}结果情况（《中华人民共和国政府信息公开条例》第五十条），"
            "全文没有提到：{missing}。"
        ).format(all="、".join(words), missing="、".join(f"“{w}”" for w in missing)),
        fields=(f"section.{first}",) if first else (),
        expected=_("提到：{words}").format(words="、".join(words)),
        actual=_("未提到：{words}").format(words="、".join(missing)),
    )


def check_g9(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    key = str(params["section"])
    words = [str(w) for w in params.get("words", ())]
    if not words or any(w in ctx.text(key) for w in words):
        return
    yield Finding(
        rule="G9",
        severity=WARNING,
        message=_("“{section}”没有提到{words}：即使本年度没有收取，也应写明，例如“本年度未收取{first}”。").format(
            section=section_title(ctx, key), words="、".join(f"“{w}”" for w in words), first=words[0]
        ),
        fields=(f"section.{key}",),
        expected=_("提到：{words}").format(words="、".join(words)),
        actual=_("未提到"),
    )


def check_g10(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    limit = ctx.settings.overview_limit
    if limit is None:
        return
    key = str(params["section"])
    length = len(ctx.compact_text(key))
    if length <= limit:
        return
    yield Finding(
        rule="G10",
        severity=WARNING,
        message=_("“{section}”共 {n} 字，超过了设定的 {limit} 字上限，请精简。").format(
            section=section_title(ctx, key), n=length, limit=limit
        ),
        fields=(f"section.{key}",),
        expected=str(limit),
        actual=str(length),
    )
