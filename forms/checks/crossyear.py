"""Checks against last year's report (上年数据): A6, P4 and G6."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from operator import lshift, or_
from typing import Any

from forms.checks.cells import last_year_name
from forms.checks.context import Context, number_of, show
from forms.checks.findings import WARNING, Finding
from forms.checks.memo import Memo, also_clear
from forms.checks.table_sense import section_title
from forms.i18n import _

#: G6 judges only texts of at least this many characters (whitespace and boilerplate excluded)
MIN_G6_CHARS = 50
_WHITESPACE = re.compile(r"\s+")


def check_a6(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    tkey, row_key = str(params["row"]).split(".", 1)
    if not ctx.included(tkey):
        return
    table = ctx.fmt.tables[tkey]
    last_year = ctx.draft.last_year.carried_forward
    for vc in table.data_row_cells(row_key):
        raw = last_year.get(vc.col_key)
        last = None if raw is None else number_of(raw, "count")
        now = ctx.number(vc.id)
        if last is None or now is None or last == now:
            continue
        yield Finding(
            rule="A6",
            severity=WARNING,
            message=_(
                "“{name}”为 {now}，但上年报告的“{last_name}”为 {last}：两者应相同，请核对本年或上年数据。"
            ).format(
                name=table.cell_name(vc.id),
                now=show(now),
                last_name=last_year_name(ctx, "carried_forward", vc.col_key),
                last=show(last),
            ),
            cells=ctx.with_leaves([vc.id]),
            fields=(f"last_year.carried_forward.{vc.col_key}",),
            expected=show(last),
            actual=show(now),
        )


def check_p4(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    for row_id in params.get("rows", ()):
        tkey, row_key = str(row_id).split(".", 1)
        if not ctx.included(tkey):
            continue
        table = ctx.fmt.tables[tkey]
        in_force, issued, repealed = (f"{tkey}.{row_key}.{params[k]}" for k in ("in_force", "issued", "repealed"))
        raw = ctx.draft.last_year.in_force.get(row_key)
        last = None if raw is None else number_of(raw, "count")
        nums = [ctx.number(c) for c in (in_force, issued, repealed)]
        if last is None or any(n is None for n in nums):
            continue
        now, plus, minus = (n if n is not None else Decimal(0) for n in nums)
        expected = last + plus - minus
        if now == expected:
            continue
        yield Finding(
            rule="P4",
            severity=WARNING,
            message=_(
                "“{row}”：{in_force_label} {now}，但上年的 {last} 件加{issued_label} {plus} 件、减{repealed_label} "
                "{minus} 件应为 {expected}。如有文件因到期等原因失效，可确认本提示并注明。"
            ).format(
                row=table.row_label(row_key),
                in_force_label=table.column_label(in_force),
                now=show(now),
                last=show(last),
                issued_label=table.column_label(issued),
                plus=show(plus),
                repealed_label=table.column_label(repealed),
                minus=show(minus),
                expected=show(expected),
            ),
            cells=(in_force, issued, repealed),
            fields=(f"last_year.in_force.{row_key}",),
            expected=show(expected),
            actual=show(now),
        )


#: G6's shingle: a run of this many characters of this year's text found anywhere in last year's
#: counts as carried over.  Unrelated published reports share at most 15% of their characters in
#: runs of 8 (set phrases such as “政府信息公开条例”); a changed figure or word uncovers itself only.
SHINGLE = 8
_QUAD = 4  # UTF-16 code units in one 64-bit number: a shingle is two of them
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]?")
_END_MARKS = "。！？；!?;：:，,"
_RUN = re.compile(rb"\x01+")
#: characters of paragraphs whose coverage is kept per last-year text; cleared when past it
_MAX_PARAGRAPH_CHARS = 4_000_000


class _LastYearText:
    """Every shingle of one last-year text, and what this year's paragraphs share with it.

    Built once per last-year text (it does not change while the clerk types); a paragraph's
    coverage is kept by its text, so a keystroke recomputes only the paragraph typed in.
    """

    def __init__(self, text: str) -> None:
        compact = _WHITESPACE.sub("", text)
        self.length = len(compact)
        self.shingles = frozenset(_shingles(compact.encode("utf-16-le")))
        self.paragraphs: dict[tuple[str, frozenset[str]], tuple[int, int]] = {}
        self._kept = 0  # characters of the paragraphs kept

    def coverage(self, paragraph: str, boilerplate: frozenset[str]) -> tuple[int, int]:
        """(characters already in last year's text, characters compared) of one paragraph."""
        key = (paragraph, boilerplate)
        found = self.paragraphs.get(key)
        if found is None:
            if self._kept > _MAX_PARAGRAPH_CHARS:  # each keystroke in a paragraph adds one: bounded
                self.paragraphs = {}
                self._kept = 0
            found = self.paragraphs[key] = _coverage(_without_boilerplate(paragraph, boilerplate), self.shingles)
            self._kept += len(paragraph)
        return found


def _without_boilerplate(paragraph: str, boilerplate: frozenset[str]) -> str:
    compact = _WHITESPACE.sub("", paragraph)
    if not any(b in compact for b in boilerplate):  # most paragraphs: no sentence to look at
        return compact
    return "".join(s for s in _SENTENCE.findall(compact) if s.rstrip(_END_MARKS) not in boilerplate)


def _shingles(units: bytes) -> Iterator[int]:
    """Every run of ``SHINGLE`` code units of a UTF-16 text, as one 128-bit number (exact: two
    64-bit readings of four units each, side by side).

    Cutting out one string per position made G6 the costliest rule (a slice and a string hash for
    each character of both texts); the numbers come from C loops over the encoded text instead,
    which takes about a third off.
    """
    n = len(units) // 2
    if n < SHINGLE:
        return iter(())
    words = n - _QUAD + 1  # positions that begin four whole units
    quad: list[int] = [0] * words
    for j in range(_QUAD):  # the numbers at positions j, j + 4, j + 8, …: one aligned reading each
        count = (words - j + _QUAD - 1) // _QUAD
        quad[j::_QUAD] = memoryview(units[2 * j : 2 * j + 8 * count]).cast("Q").tolist()
    return map(or_, map(lshift, quad, repeat(64)), quad[_QUAD:])


def _coverage(text: str, shingles: frozenset[int]) -> tuple[int, int]:
    units = text.encode("utf-16-le")
    n = len(units) // 2  # characters, but for the rare ones outside the BMP, which count two
    if n < SHINGLE:
        return 0, 0  # too short to tell a copy from a set phrase: left out of the measure
    found = bytes(map(shingles.__contains__, _shingles(units)))
    covered = 0
    reach = 0  # end of the characters counted so far
    for run in _RUN.finditer(found):  # shingles found one after another cover their span once
        end = run.end() - 1 + SHINGLE
        covered += end - max(run.start(), reach)
        reach = end
    return covered, n


#: last year's texts by their text; their shingles take about 100 bytes a character: at most
#: 1.5 million characters of them are kept (a longer text is measured anew on each check)
_LAST_YEAR: Memo[_LastYearText] = Memo(1_500_000, weight=lambda text: len(str(text)))


def _last_year_text(text: str) -> _LastYearText:
    return _LAST_YEAR.get(text, lambda: _LastYearText(text))


def boilerplate_of(ctx: Context) -> frozenset[str]:
    """What every report of this format writes: the format's section titles and outline headings."""
    return _boilerplate(ctx.fmt.id)


@lru_cache(maxsize=8)
def _boilerplate(format_id: str) -> frozenset[str]:
    from forms.schema import load_format

    fmt = load_format(format_id)
    lines = [s.title for s in fmt.sections] + [line for s in fmt.sections for line in s.outline]
    return frozenset(_WHITESPACE.sub("", line).rstrip(_END_MARKS) for line in lines if line.strip())


def copied_share(paragraphs: list[str], last_text: str, boilerplate: frozenset[str] = frozenset()) -> tuple[int, int]:
    """(characters of this year's paragraphs already in last year's text, characters compared).

    The 重复率 a reviewer means: how much of this year's text was there last year, in any order.
    Boilerplate sentences (``boilerplate``) and paragraphs too short to judge are left out.
    """
    last = _last_year_text(last_text)
    covered = total = 0
    for p in paragraphs:
        c, n = last.coverage(p, boilerplate)
        covered += c
        total += n
    return covered, total


def _percent(covered: int, total: int, threshold: float) -> int | None:
    if total < MIN_G6_CHARS or covered < threshold * total:
        return None
    return covered * 100 // total


@lru_cache(maxsize=256)
def similarity_percent(text: str, last_text: str, threshold: float) -> int | None:
    """How much of ``text`` (one paragraph a line) was already in ``last_text``, in whole percent;
    None when below ``threshold`` or too short to judge."""
    covered, total = copied_share(text.split("\n"), last_text)
    return _percent(covered, total, threshold)


also_clear(similarity_percent.cache_clear)


def check_g6(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    texts = ctx.draft.last_year.texts
    threshold = ctx.settings.similarity
    boilerplate = boilerplate_of(ctx)
    for sec in ctx.draft.sections:
        last_text = texts.get(sec.key)
        if not last_text or _last_year_text(last_text).length < MIN_G6_CHARS:
            continue
        # headings are the outline every report shares, not content
        paragraphs = [p.text for p in sec.before + sec.after if p.level == 0]
        percent = _percent(*copied_share(paragraphs, last_text, boilerplate), threshold)
        if percent is None:
            continue
        yield Finding(
            rule="G6",
            severity=WARNING,
            message=_(
                "“{section}”的文字与上年报告约 {percent}% 相同。年度报告内容雷同会被通报，请写本年度的实际情况。"
            ).format(section=section_title(ctx, sec.key), percent=percent),
            fields=(f"section.{sec.key}",),
            expected=_("低于 {limit}%").format(limit=int(threshold * 100)),
            actual=f"{percent}%",
        )
