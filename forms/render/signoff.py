"""署名 and 成文日期 as GB/T 9704 7.3.5 places them, from the width the two lines print at.

A date such as "2026年1月20日" is not 6.5 characters wide: Word and LibreOffice put a gap
between a Chinese character and a digit (Word's "adjust space between Asian text and numbers",
LibreOffice's "Asian/non-Asian spacing"), and the body style condenses every character a little.
Counting digits as half a character put the unsealed date only about one character right of
the 署名 instead of two (issue 11).  The figures below are measured from LibreOffice's PDF
(``pdftotext -bbox``) of the built-in template: a 3号 Chinese character advances 16 pt − 0.25 pt,
a Times digit 8 pt − 0.25 pt, and each change between Chinese and digits adds 3.45 pt (about 0.22 em).

Qt-free: the .docx renderer and the .html template use the same indents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from fractions import Fraction

from forms.i18n import _

#: the body size the sign-off prints at (3号) and the template's character condensing, in pt
SIZE_PT = Fraction(16)
CONDENSE_PT = Fraction(-1, 4)
#: the gap between a Chinese character and a digit or Latin letter, in em of the body size
#: (3.45 pt at 3号, measured: "2024年1月15日" prints 119.0 pt wide, not 6.5 × 16 = 104 pt)
ASIAN_GAP = Fraction(69, 320)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "FWA"


def printed_width(text: str, size: Fraction = SIZE_PT, condense: Fraction = CONDENSE_PT) -> Fraction:
    """How wide ``text`` prints, in 字 (one 字 = one character of ``size`` points)."""
    points = Fraction(0)
    previous: bool | None = None
    for ch in text:
        if ch.isspace():
            previous = None
            continue
        wide = _wide(ch)
        points += (size if wide else size / 2) + condense
        if previous is not None and previous != wide:
            points += ASIAN_GAP * size
        previous = wide
    # the condensing after the last character is not printed
    return (points - condense) / size if text.strip() else Fraction(0)


def screen_width(text: str) -> Fraction:
    """How wide ``text`` shows in a browser, in 字: browsers put no gap between Chinese and digits."""
    return sum((Fraction(1) if _wide(ch) else Fraction(1, 2) for ch in text if not ch.isspace()), Fraction(0))


def signoff_indents(
    signature: str, date: str, seal: bool, width: Callable[[str], Fraction] = printed_width
) -> tuple[Fraction, Fraction]:
    """Right indents (in 字) of 署名 and 成文日期 per GB/T 9704 7.3.5.

    Without a seal (7.3.5.2): 署名 右空二字 and the date's first character two characters right
    of the 署名's first: the date's right indent is width(署名) − width(date); when that is
    under two characters, the date is 右空二字 and the 署名 moves left to keep the offset.
    With a seal (7.3.5.1): the date 右空四字 and the 署名 centred over it.
    """
    ws, wd = width(signature), width(date)
    if seal:
        date_right = Fraction(4)
        sig_right = max(Fraction(0), date_right + (wd - ws) / 2) if date else Fraction(4)
        return sig_right, date_right
    sig_right = Fraction(2)
    if not signature or not date:
        return sig_right, Fraction(2)
    date_right = ws - wd
    if date_right < 2:
        date_right = Fraction(2)
        sig_right = date_right + wd + 2 - ws
    return sig_right, date_right


def seal_refusal(signature: str, date: str) -> str | None:
    """Why 加盖印章 changes nothing for this draft (no 署名 or no 成文日期), else None."""
    missing = [name for name, text in ((_("署名"), signature), (_("成文日期"), date)) if not text]
    if not missing:
        return None
    return _(
        "草稿没有填写{what}，加盖印章的版式（印章压在署名和成文日期上）排不出来，"
        "生成的报告与不加盖印章时相同。请先填写{what}。"
    ).format(what="和".join(missing))
