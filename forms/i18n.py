"""Translation and locale formatting helpers shared by the core and the UI.

Messages are written in Simplified Chinese inside ``_()`` so that Babel can extract them if
another language is ever added; without a catalog gettext returns them unchanged.
Dates go through Babel with explicit patterns because CLDR's named formats drift.
"""

from __future__ import annotations

import datetime as dt
import gettext

_translation = gettext.translation("nianbao", fallback=True)
_ = _translation.gettext

LOCALE = "zh_CN"


def format_cn_date(day: dt.date) -> str:
    """成文日期 per GB/T 9704 7.3.5.4: Arabic numerals, no padding (2026年1月5日)."""
    # imported here: Babel's locale data takes a noticeable part of the window's start-up
    from babel.dates import format_date

    return format_date(day, "y年M月d日", locale=LOCALE)


def format_cn_datetime(moment: dt.datetime) -> str:
    """A moment in the clerk's local time, as a recovery entry's or a lock's time is told (2026年12月7日 09:30)."""
    from babel.dates import format_datetime

    local = moment.astimezone() if moment.tzinfo is not None else moment
    return format_datetime(local, "y年M月d日 HH:mm", locale=LOCALE)
