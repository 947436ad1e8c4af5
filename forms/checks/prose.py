"""Reading figures out of report prose: paragraphs without spacing, sentences, Chinese numerals.

Shared by the text rules (G7, G11–G14).  Everything here is linear in the text's length: a
paragraph is squeezed once, and a sentence is found by scanning out from a match to the nearest
stop on each side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from forms.checks.context import Context
from forms.checks.memo import Memo
from forms.model import Paragraph

_WHITESPACE = re.compile(r"\s+")
_STOPS = "。；！？!?;\n"
#: a quoted sentence is cut to this many characters around the figure
QUOTE_CHARS = 60
#: how far from a match a sentence's stop is looked for
SENTENCE_WINDOW = 400

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
#: a figure as reports print it: Arabic (with thousands separators or decimals) or Chinese numerals
NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇○一二两三四五六七八九十百千万]+)"


@dataclass(frozen=True)
class Prose:
    """One paragraph of a report, squeezed (PDF and Word pastes put spaces around figures)."""

    field: str  # "preface" or "section.<key>"
    where: str  # for a message: the section's title, or 前言
    text: str


def _text_weight(key: Hashable) -> int:
    return len(key[-1]) + 1 if isinstance(key, tuple) and isinstance(key[-1], str) else 1


# A keystroke changes one paragraph: what a rule finds in the others is kept by their text, so
# the text rules cost per keystroke what the typed paragraph costs (bounded by characters held).
_SQUEEZED: Memo[str] = Memo(8_000_000, weight=_text_weight)
_SCANS: Memo[Any] = Memo(16_000_000, weight=_text_weight)

T = TypeVar("T")


def squeeze(text: str) -> str:
    return _SQUEEZED.get(("squeeze", text), lambda: _WHITESPACE.sub("", text))


#: a small number for each rule key: a key such as G7's twenty-odd phrasings is hashed once per
#: check, not once per paragraph
_TOKENS: dict[Hashable, int] = {}
_MAX_TOKENS = 10_000


def scanner(key: Hashable, find: Callable[[str], T]) -> Callable[[str], T]:
    """``find`` of a paragraph's text, kept by ``key`` (the rule and what else the result depends
    on) and the text."""
    if len(_TOKENS) > _MAX_TOKENS:  # keys hold what the draft says (a body's name): bounded
        _TOKENS.clear()
        _SCANS.clear()
    token = _TOKENS.setdefault(key, len(_TOKENS))

    def kept(text: str) -> T:
        result: T = _SCANS.get((token, text), lambda: find(text))
        return result

    return kept


def paragraphs(ctx: Context, preface: bool = True) -> list[Prose]:
    """Every paragraph of the 前言 (when asked) and of every section, squeezed, in order.

    Built once per check: five text rules read them.
    """
    built: tuple[list[Prose], list[Prose]] | None = ctx.shared.get("prose")
    if built is None:
        front = [Prose("preface", "前言", squeeze(p.text)) for p in ctx.draft.effective_preface()]
        body: list[Prose] = []
        for sec in ctx.draft.sections:
            title = ctx.draft.section_title(sec)
            body += [Prose(f"section.{sec.key}", title, squeeze(p.text)) for p in _texts(sec.before + sec.after)]
        built = ctx.shared["prose"] = (front + body, body)
    return built[0] if preface else built[1]


def _texts(paras: list[Paragraph]) -> list[Paragraph]:
    return [p for p in paras if p.text.strip()]


def whole_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of ``text`` around ``text[start:end]`` begins and ends."""
    # looked for within a window: a search to the text's ends for every match would make a
    # long paragraph with many figures quadratic; a longer sentence is cut when quoted anyway
    floor, ceiling = max(0, start - SENTENCE_WINDOW), min(len(text), end + SENTENCE_WINDOW)
    lo = max((text.rfind(ch, floor, start) for ch in _STOPS), default=-1)
    lo = floor if lo < 0 else lo + 1
    his = [i for i in (text.find(ch, end, ceiling) for ch in _STOPS) if i >= 0]
    return lo, (min(his) + 1 if his else ceiling)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``text[start:end]``, cut to about ``QUOTE_CHARS``."""
    lo, hi = whole_sentence(text, start, end)
    if hi - lo > QUOTE_CHARS:
        lo = max(lo, start - QUOTE_CHARS // 2)
        hi = min(hi, max(end, lo + QUOTE_CHARS))
        return ("…" if lo > 0 and text[lo - 1] not in _STOPS else "") + text[lo:hi] + "…"
    return text[lo:hi]


def cn_number(text: str) -> int | None:
    """十二 → 12, 两 → 2, 二十三 → 23, 一百零五 → 105, 三千 → 3000, 一二 → None (not a count)."""
    if not text:
        return None
    total = section = 0
    digit: int | None = None
    last_unit = 10**9
    for ch in text:
        if ch in "零〇○":
            digit = None  # 一百零五: the zero only marks a skipped place
        elif ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row (一二) is not how a count is written
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        elif ch == "万":
            total += (section + (digit or 0)) * 10000
            section, digit, last_unit = 0, None, 10**9
        else:
            return None
    return total + section + (digit or 0)


def figure(text: str) -> Decimal | None:
    """A figure as printed, Arabic or Chinese; None when it is not one."""
    if text[0].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    n = cn_number(text)
    return None if n is None else Decimal(n)
