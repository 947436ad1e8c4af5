"""Generated opening sentences for the summary's text ("全县共收到政府信息公开申请N件，其中县本级N件、
乡镇（街道）N件。"), for the clerk to edit.  Which cell says what is per format; a cell a format
does not have is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from forms.i18n import _
from forms.summary.roster import LOWER, OWN
from forms.values import numeric

if TYPE_CHECKING:
    from forms.summary.total import Summary

#: format -> (cell, sentence) ; {area} is 县/区/市, {all}/{own}/{lower} the figures
HEADLINES: dict[str, tuple[tuple[str, str], ...]] = {
    "legacy": (
        (
            "stats.s01.value",
            _("全{area}共主动公开政府信息{all}条，其中{area}本级公开{own}条，乡镇（街道）公开{lower}条。"),
        ),
        ("stats.s17.value", _("全{area}共收到政府信息公开申请{all}件，其中{area}本级{own}件、乡镇（街道）{lower}件。")),
    ),
    "gov2019": (
        (
            "apply.new_received.total",
            _("全{area}共收到政府信息公开申请{all}件，其中{area}本级{own}件、乡镇（街道）{lower}件。"),
        ),
    ),
    "gov2021": (
        (
            "apply.new_received.total",
            _("全{area}共收到政府信息公开申请{all}件，其中{area}本级{own}件、乡镇（街道）{lower}件。"),
        ),
    ),
}


def area_word(org: str) -> str:
    """县, 区, 市 or 旗 from the county government's name (博山区人民政府 → 区); 县 by default."""
    base = org.removesuffix("人民政府").removesuffix("政府").strip()
    return base[-1] if base and base[-1] in "县区市旗" else "县"


def _n(value: object) -> str:
    n = numeric(value)  # type: ignore[arg-type]
    return "0" if n is None else str(int(n))


def opening_sentences(summary: Summary, part: str, org: str) -> list[str]:
    from forms.summary.total import ALL

    if part != ALL:
        return []
    area = area_word(org)
    out = []
    for cid, sentence in HEADLINES.get(summary.format_id, ()):
        if cid not in summary.totals[ALL] or summary.totals[ALL][cid] is None:
            continue
        out.append(
            sentence.format(
                area=area,
                all=_n(summary.totals[ALL][cid]),
                own=_n(summary.totals[OWN][cid]),
                lower=_n(summary.totals[LOWER][cid]),
            )
        )
    return out
