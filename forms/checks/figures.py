"""G7: the figures a report states in its prose against its own tables.

The phrasings are data (the format's G7 ``figures``): a pattern with ``{N}`` where the figure
stands, the cells it reports, and the other sums the prose may mean by it (``or``: e.g. 收到申请
as 本年新收 plus 上年结转).  Figures may be Arabic or Chinese numerals (十二, 两, 二十三);
approximate ones (约/近/超过/逾 N, N 余/多, N 左右) are not compared.  Each warning quotes the
sentence and names the table cells.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from forms.checks.context import Context, show
from forms.checks.findings import WARNING, Finding
from forms.checks.memo import Memo
from forms.checks.prose import NUMBER, figure, paragraphs, sentence
from forms.i18n import _

_PLACEHOLDER = rf"(?P<pre>约|近|超过|逾|不足|共计|合计|累计|共)?(?P<n>{NUMBER})(?P<post>余|多)?"
_APPROXIMATE = frozenset({"约", "近", "超过", "逾", "不足"})
_TEN_THOUSAND = Decimal(10000)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{N}", _PLACEHOLDER))


def _quoted(m: re.Match[str], text: str, money: bool) -> Decimal | None:
    """The figure a match states; None when it is approximate or not a figure."""
    if "n" not in m.groupdict():
        return Decimal(0)  # a zero phrasing: 未收到申请
    if m.group("pre") in _APPROXIMATE or m.group("post") or text.startswith("左右", m.end()):
        return None
    n = figure(m.group("n"))
    if n is None:
        return None
    if money and m.groupdict().get("unit") == "元":
        n = n / _TEN_THOUSAND
    return n


def _total(ctx: Context, cells: list[str]) -> Decimal | None:
    nums = [ctx.number(c) for c in cells]
    if any(n is None for n in nums):
        return None
    return sum((n for n in nums if n is not None), Decimal(0))


def _names(ctx: Context, cells: list[str]) -> str:
    names = _("与").join(f"“{ctx.fmt.cell_name(c)}”" for c in cells)
    return names + (_("之和") if len(cells) > 1 else "")


def _weight(key: Hashable) -> int:
    return len(key[2]) + 1 if isinstance(key, tuple) else 1


#: (pattern, money, paragraph) -> the figures it states and their sentences: a keystroke searches
#: only the paragraph it changed (bounded at 8 million characters of paragraphs kept)
_FOUND: Memo[list[tuple[Decimal, str]]] = Memo(8_000_000, weight=_weight)


def _found(pattern: str, money: bool, text: str) -> list[tuple[Decimal, str]]:
    def search() -> list[tuple[Decimal, str]]:
        out: list[tuple[Decimal, str]] = []
        for m in _compiled(pattern).finditer(text):
            quoted = _quoted(m, text, money)
            if quoted is not None:
                out.append((quoted, sentence(text, m.start(), m.end())))
        return out

    return _FOUND.get((pattern, money, text), search)


def check_g7(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    prose = list(paragraphs(ctx, preface=False))
    for spec in params.get("figures", ()):
        cells = [str(c) for c in spec["cells"]]
        if not all(ctx.fmt.has_cell(c) and ctx.included(ctx.table_def(c).key) for c in cells):
            continue
        total = _total(ctx, cells)
        if total is None:
            continue  # a table with blanks: T2 says what to fill first
        others = [t for alt in spec.get("or", ()) if (t := _total(ctx, [str(c) for c in alt])) is not None]
        pattern = str(spec["pattern"])
        money = bool(spec.get("money", False))
        seen: set[tuple[str, str]] = set()
        for para in prose:
            for quoted, quote in _found(pattern, money, para.text):
                if quoted == total or quoted in others:
                    continue
                if (para.field, quote) in seen:
                    continue
                seen.add((para.field, quote))
                yield Finding(
                    rule="G7",
                    severity=WARNING,
                    message=_("“{section}”中写的是“{quote}”，但表格中{names}是 {total}，请核对。").format(
                        section=para.where, quote=quote, names=_names(ctx, cells), total=show(total)
                    ),
                    cells=ctx.with_leaves(cells),
                    fields=(para.field,),
                    expected=show(total),
                    actual=show(quoted),
                )
