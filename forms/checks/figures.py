"""G7: the figures a report states in its prose against its own tables.

The phrasings are data (the format's G7 ``figures``): a pattern with ``{N}`` where the figure
stands, the cells it reports, and the other sums the prose may mean by it (``or``: e.g. 收到申请
as 本年新收 plus 上年结转).  Figures may be Arabic or Chinese numerals (十二, 两, 二十三);
approximate ones (约/近/超过/逾 N, N 余/多, N 左右) are not compared.  Each warning quotes the
sentence and names the table cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from forms.checks.context import Context, show
from forms.checks.findings import WARNING, Finding
from forms.checks.prose import NUMBER, Prose, figure, paragraphs, scanner, sentence
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


def _leading_literal(items: list[Any]) -> str:
    from re._constants import LITERAL  # type: ignore[import-not-found]

    run = ""
    for op, arg in items:
        if op is not LITERAL:
            break
        run += chr(arg)
    return run


@cache
def _anchors(pattern: str) -> tuple[str, ...]:
    """Words one of which a text must hold for the phrasing to match it (empty: none known).

    A substring search costs a fraction of a regex pass over a long paragraph, and most
    paragraphs state none of the twenty-odd phrasings.
    """
    import re._parser as sre  # type: ignore[import-not-found]
    from re._constants import BRANCH  # type: ignore[import-not-found]

    tree = sre.parse(_compiled(pattern).pattern)
    items = list(tree)
    if not items:
        return ()
    if items[0][0] is BRANCH:
        runs = tuple(_leading_literal(list(alt)) for alt in items[0][1][1])
        return runs if all(runs) else ()
    run = _leading_literal(items)
    return (run,) if run else ()


class _AnchorFinder:
    """Which phrasings' anchor words a paragraph holds, found in one pass over it.

    A pass per phrasing (twenty-odd substring searches per paragraph) was most of G7's cost on a
    long report.  The lookahead tries every position, and the alternatives are longest first, so
    the word found at a position is the longest anchor there; the shorter ones there are its
    prefixes and are added with it: every anchor occurring anywhere is found.
    """

    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.anchors = [_anchors(p) for p in patterns]
        words = sorted({w for ws in self.anchors for w in ws}, key=lambda w: (-len(w), w))
        self.prefixes = {w: frozenset(v for v in words if w.startswith(v)) for w in words}
        self.pattern = re.compile("(?=(" + "|".join(map(re.escape, words)) + "))") if words else None

    def candidates(self, text: str) -> list[int]:
        """The phrasings that can match ``text``: those whose anchor it holds, or that have none."""
        held: set[str] = set()
        if self.pattern is not None:
            for word in set(self.pattern.findall(text)):
                held |= self.prefixes[word]
        return [i for i, words in enumerate(self.anchors) if not words or not held.isdisjoint(words)]


@cache
def _finder(patterns: tuple[str, ...]) -> _AnchorFinder:
    return _AnchorFinder(patterns)


def _search(pattern: str, money: bool, text: str) -> list[tuple[Decimal, str]]:
    """(figure, sentence) of every statement of one phrasing in a paragraph."""
    out: list[tuple[Decimal, str]] = []
    for m in _compiled(pattern).finditer(text):
        quoted = _quoted(m, text, money)
        if quoted is not None:
            out.append((quoted, sentence(text, m.start(), m.end())))
    return out


def check_g7(ctx: Context, params: dict[str, Any]) -> Iterator[Finding]:
    specs = list(params.get("figures", ()))
    # every phrasing of the format searched at once per paragraph, and kept by the paragraph's
    # text: a keystroke searches the one paragraph typed in
    phrasings = tuple((str(spec["pattern"]), bool(spec.get("money", False))) for spec in specs)

    finder = _finder(tuple(pattern for pattern, _money in phrasings))

    def find(text: str) -> list[tuple[int, list[tuple[Decimal, str]]]]:
        # only the phrasings the paragraph may state: most paragraphs state none
        return [(i, hits) for i in finder.candidates(text) if (hits := _search(*phrasings[i], text))]

    stated: dict[int, list[tuple[Prose, list[tuple[Decimal, str]]]]] = {}
    found_in = scanner(("G7", phrasings), find)
    for para in paragraphs(ctx, preface=False):
        for i, hits in found_in(para.text):
            stated.setdefault(i, []).append((para, hits))
    for index, spec in enumerate(specs):
        if index not in stated:
            continue
        cells = [str(c) for c in spec["cells"]]
        if not all(ctx.fmt.has_cell(c) and ctx.included(ctx.table_def(c).key) for c in cells):
            continue
        total = _total(ctx, cells)
        if total is None:
            continue  # a table with blanks: T2 says what to fill first
        others = [t for alt in spec.get("or", ()) if (t := _total(ctx, [str(c) for c in alt])) is not None]
        seen: set[tuple[str, str]] = set()
        for para, statements in stated[index]:
            for quoted, quote in statements:
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
