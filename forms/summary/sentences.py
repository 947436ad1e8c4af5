"""Generated opening sentences for the summary's text sections ("全县共收到政府信息公开申请N件，其中县本级N件、
乡镇（街道）N件。"), for the clerk to edit.  Which cell says what, and in which section, is per
format; a cell or section a format does not have is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.i18n import _
from forms.summary.roster import LOWER, OWN
from forms.values import numeric

if TYPE_CHECKING:
    from forms.summary.total import Summary

_ACTIVE = _("全{area}共主动公开政府信息{all}条，其中{area}本级公开{own}条，乡镇（街道）公开{lower}条。")
_APPLY = _("全{area}共收到政府信息公开申请{all}件，其中{area}本级{own}件、乡镇（街道）{lower}件。")
_REVIEW = _("全{area}共发生政府信息公开行政复议{all}件，其中{area}本级{own}件、乡镇（街道）{lower}件。")

#: format -> (section key, cell, sentence); {area} is 县/区/市/旗, {all}/{own}/{lower} the figures
HEADLINES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "legacy": (
        ("active", "stats.s01.value", _ACTIVE),
        ("apply", "stats.s17.value", _APPLY),
    ),
    "gov2019": (
        ("overview", "apply.new_received.total", _APPLY),
        ("review", "review.cases.review_total", _REVIEW),
    ),
    "gov2021": (
        ("overview", "apply.new_received.total", _APPLY),
        ("review", "review.cases.review_total", _REVIEW),
    ),
}


def area_word(org: str) -> str:
    """县, 区, 市 or 旗 from the county government's name (博山区人民政府 → 区); 县 by default."""
    base = org.removesuffix("人民政府").removesuffix("政府").strip()
    return base[-1] if base and base[-1] in "县区市旗" else "县"


def _n(value: object) -> str:
    n = numeric(value)  # type: ignore[arg-type]
    return "0" if n is None else str(int(n))


def opening_sentences(summary: Summary, part: str, org: str) -> list[tuple[str, str]]:
    """(section key, sentence) for the whole-area summary; the 本级 and 下级 drafts get none (their
    sentences would compare a part with itself)."""
    from forms.summary.total import ALL

    if part != ALL:
        return []
    area = area_word(org)
    out = []
    for section, cid, sentence in HEADLINES.get(summary.format_id, ()):
        if summary.totals[ALL].get(cid) is None:
            continue
        figures = {k: _n(summary.totals[p][cid]) for k, p in (("all", ALL), ("own", OWN), ("lower", LOWER))}
        out.append((section, sentence.format(area=area, **figures)))
    return out
