"""What every reader turns a published report into: paragraphs and grids, in document order.

A grid is a table as printed: rows of the cells each row shows, a cell merged across columns
once, and (where the source says so) a cell continuing a vertical merge as an empty text.
Readers say what they know for sure about a paragraph (a Word heading style, the app's own
level class in its HTML); the assembler guesses only what they leave open.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: what a reader may know about a paragraph beyond its text
TITLE = "title"
SIGNATURE = "signature"
DATE = "date"
#: a picture the source held (not imported: the notes say where it was)
PICTURE = "picture"


@dataclass
class Para:
    text: str
    #: 0–3 when the source marks it (a heading style); None: guessed from the numbering
    level: int | None = None
    #: TITLE, SIGNATURE, DATE when the source marks it
    role: str | None = None


@dataclass
class Grid:
    rows: list[list[str]] = field(default_factory=list)


Block = Para | Grid

_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_PUNCT = re.compile(r"[、，,。.．:：;；“”\"'‘’（）()\[\]【】《》〈〉/／\\\-—–_·•]+")


def squeeze(text: str) -> str:
    """A text without the spaces that printing and extraction put anywhere (NFKC, no spaces)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def label_key(text: str) -> str:
    """A label as compared across prints: NFKC, no spaces, no punctuation (（一） and (一) agree)."""
    return _PUNCT.sub("", squeeze(text))


def clean_paragraph(text: str) -> str:
    """A paragraph's text without the indentation around it (ASCII, full-width and no-break spaces)."""
    return text.strip(" \t\u3000\u00a0\ufeff\u200b\r\n")
