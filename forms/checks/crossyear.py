"""Checks against last year's report (上年数据): A6, P4 and G6."""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Any

from forms.checks.cells import last_year_name
from forms.checks.context import Context, number_of, show
from forms.checks.findings import WARNING, Finding
from forms.checks.table_sense import section_title
from forms.i18n import _

#: G6 compares only texts of at least this many characters (whitespace excluded)
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


_MATCHER_LOCK = threading.Lock()


@lru_cache(maxsize=32)
def _matcher(last_text: str) -> difflib.SequenceMatcher[str]:
    # SequenceMatcher indexes its second sequence once; last year's text does not change
    # while the clerk types, so only the first sequence is set on each keystroke
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(last_text)
    return matcher


@lru_cache(maxsize=256)
def similarity_percent(text: str, last_text: str, threshold: float) -> int | None:
    """How much of two texts is the same, in whole percent; None when below ``threshold``.

    Cached, and the cheap upper bounds are tried first, because G6 runs on every keystroke.
    """
    with _MATCHER_LOCK:  # the indexed matchers are shared
        matcher = _matcher(last_text)
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            return None
        ratio = matcher.ratio()
    if ratio < threshold:
        return None
    return int(ratio * 100)


def check_g6(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    texts = ctx.draft.last_year.texts
    threshold = ctx.settings.similarity
    for sec in ctx.draft.sections:
        last_text = texts.get(sec.key)
        if not last_text:
            continue
        a = _WHITESPACE.sub("", ctx.text(sec.key))
        b = _WHITESPACE.sub("", last_text)
        if len(a) < MIN_G6_CHARS or len(b) < MIN_G6_CHARS:
            continue
        percent = similarity_percent(a, b, threshold)
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
