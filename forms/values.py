"""Cell values and the one parser that turns what a clerk typed into them.

A count is an ``int``; money is a ``Decimal`` in 万元; the gov2019 采购总金额 keeps its number
and unit as typed (``Amount``).  A value that a draft file holds but that does not fit the
cell's type is kept as ``Invalid`` so that nothing is lost and rule T1 can point at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from forms.i18n import _


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str | None  # 元 | 万元 | None when the clerk gave none
    #: the number as typed (trailing zeros and thousands separators kept: ``73,802,895.90``);
    #: printed and saved as it is, while rules compute with ``value`` (SPEC §3)
    typed: str = ""

    def __post_init__(self) -> None:
        if not self.typed:
            object.__setattr__(self, "typed", plain_decimal(self.value))

    def __str__(self) -> str:
        return f"{self.typed}{self.unit or ''}"


@dataclass(frozen=True)
class Invalid:
    raw: str

    def __str__(self) -> str:
        return self.raw


CellValue = int | Decimal | Amount | Invalid


class InputError(ValueError):
    """What was typed is not a value for this cell; the message says what is expected."""


EXPECTED = {
    "count": _("请输入不小于0的整数，例如 0、12、1,024"),
    "signed_count": _("请输入整数，减少时填负数，例如 5、-8"),
    "money_wan": _("请输入金额（单位：万元），例如 25.1；也可输入“251000元”，将自动换算为万元"),
    "amount_unit": _("请输入金额并写明单位，例如 359.3万元 或 251000元"),
}

# After NFKC every width of space (U+3000, U+00A0, thin spaces) is U+0020. Only such a space can
# separate thousands inside a number: a tab or a line break there means two cells were pasted
# into one ("1\t234" is 1 and 234, not 1234) and is refused.
_SPACES = re.compile(r" +")
_OTHER_WHITESPACE = re.compile(r"[^\S ]")
# ASCII digits only: NFKC has already turned full-width ones into these, and other scripts'
# digits (which str.isdigit and re's \d accept) are not how a figure is written in a report.
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_TEN_THOUSAND = Decimal(10000)
#: the characters Unicode calls numeric that a figure may contain (万 is part of the unit 万元)
_DIGITS_AS_TYPED = frozenset("0123456789０１２３４５６７８９万")
#: no figure of a report is longer than this as typed (digits, separators, unit, spaces); a
#: megabyte pasted into a cell is refused at once instead of being normalised and parsed
MAX_INPUT_CHARS = 40
#: Decimal keeps 28 significant digits: more would be rounded without a word
MAX_DIGITS = 28


def plain_decimal(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 25.10 -> '25.1', 2E+1 -> '20'."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


_LEADING_ZEROS = re.compile(r"^0+(?=\d)")
_BEFORE_UNIT = re.compile(r" +(?=(万元|元)$)")


def _normalise(text: str) -> str:
    # NFKC maps full-width digits, ，．＋－ and every width of space to ASCII. Surrounding spaces
    # and a space before the unit go; a space inside the number can only be a thousands
    # separator ("1 024"), so it becomes one and must then form proper groups: "1 2" is refused
    # rather than silently read as 12.
    text = unicodedata.normalize("NFKC", text).replace("\u3000", " ").replace("\u00a0", " ")
    text = text.replace("－", "-").replace("−", "-").replace("，", ",").strip()
    text = _BEFORE_UNIT.sub("", text)
    if _OTHER_WHITESPACE.search(text):
        return text  # left as it is: no number or unit pattern admits it, so it is refused
    return _SPACES.sub(",", text)


def _number(text: str, cell_type: str) -> Decimal:
    sign = 1
    if text.startswith("+"):
        text = text[1:]
    elif text.startswith("-"):
        sign, text = -1, text[1:]
    if not (_PLAIN.match(text) or _GROUPED.match(text)):
        raise InputError(EXPECTED[cell_type])
    if sum(ch.isdigit() for ch in text.lstrip("0")) > MAX_DIGITS:
        raise InputError(_("数字位数太多（最多 {n} 位）。").format(n=MAX_DIGITS) + EXPECTED[cell_type])
    try:
        d = Decimal(text.replace(",", ""))
        # "-0" is zero: a negative zero would be shown and stored as "-0"
        return -d if sign < 0 and d != 0 else d
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise InputError(EXPECTED[cell_type]) from exc


def parse_cell(text: str, cell_type: str) -> CellValue | None:
    """Parse typed text for a cell of ``cell_type``; ``None`` means blank (not zero).

    Raises ``InputError`` with a Chinese message for anything else: "/", "—", "无", "abc",
    "1.5" for a count, a negative count or amount.
    """
    if cell_type not in EXPECTED:
        raise ValueError(cell_type)
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(_("输入太长（最多 {n} 个字符）。").format(n=MAX_INPUT_CHARS) + EXPECTED[cell_type])
    if any(ch.isnumeric() and ch not in _DIGITS_AS_TYPED for ch in text):
        # NFKC would turn "10²" into "102" and "①②" or "㉑" into "12" and "21": only digits as
        # typed in a report, ASCII or full-width, are read as digits; other numerals are refused
        raise InputError(EXPECTED[cell_type])
    s = _normalise(text)
    if s == "":
        return None
    if cell_type in ("count", "signed_count"):
        d = _number(s, cell_type)
        if d != d.to_integral_value():
            raise InputError(_("这里填的是件数，不能有小数。") + EXPECTED[cell_type])
        if d < 0 and cell_type == "count":
            raise InputError(_("件数不能为负数。") + EXPECTED[cell_type])
        return int(d)
    unit: str | None = None
    for suffix in ("万元", "元"):
        if s.endswith(suffix):
            unit, s = suffix, s[: -len(suffix)]
            break
    d = _number(s, cell_type)
    if d < 0:
        raise InputError(_("金额不能为负数。") + EXPECTED[cell_type])
    if cell_type == "money_wan":
        if unit == "元":
            d = d / _TEN_THOUSAND
        return Decimal(plain_decimal(d))
    # the number as typed, after width and spacing are normalised: "73802895.90", "1,024.50"
    # leading zeros and a sign say nothing: "0123" is 123, "-0" is 0
    typed = _LEADING_ZEROS.sub("", s.lstrip("+-"))
    return Amount(Decimal(plain_decimal(d)), unit, typed)


def format_value(value: CellValue | None) -> str:
    """The text a value prints as; blank prints blank, never 0."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_decimal(value)
    return str(value)


def to_json(value: CellValue) -> int | str:
    """How a value is stored in a draft file: counts as JSON integers, the rest as text."""
    if isinstance(value, int):
        return value
    return format_value(value)


def from_json(raw: object, cell_type: str) -> CellValue:
    """Read a stored value; anything that does not fit the cell becomes ``Invalid``."""
    if isinstance(raw, bool):
        return Invalid(str(raw).lower())
    if raw is None:
        return Invalid("null")  # as the file spells it, like true and false: not Python's "None"
    if isinstance(raw, int) and cell_type in ("count", "signed_count"):
        return raw if (raw >= 0 or cell_type == "signed_count") else Invalid(str(raw))
    if isinstance(raw, (int, str, Decimal)):
        # a JSON number with a fraction arrives as Decimal (never float) from forms.draftfile
        text = format(raw, "f") if isinstance(raw, Decimal) else str(raw)
        try:
            parsed = parse_cell(text, cell_type)
        except InputError:
            return Invalid(text)
        return Invalid("") if parsed is None else parsed
    return Invalid(str(raw))


def numeric(value: CellValue | None) -> Decimal | None:
    """The number of a valid value, for arithmetic; None for blank or invalid."""
    if value is None or isinstance(value, Invalid):
        return None
    if isinstance(value, Amount):
        return value.value
    return Decimal(value)


#: a refused entry is kept as typed up to this length; a pasted page of text is not a figure,
#: and keeping a megabyte of it in a cell would slow every repaint and bloat the draft
MAX_KEPT = 200
#: how much of a refused entry a message quotes
MAX_SHOWN = 20


def refused_value(text: str) -> Invalid:
    if len(text) > MAX_KEPT:
        text = text[:MAX_KEPT] + "…"
    return Invalid(text)


_REFUSALS: dict[tuple[str, str], str] = {}


def refusal(raw: str, cell_type: str) -> str:
    """Why ``raw`` is not a value for the cell (a draft may hold it from a file or an earlier entry)."""
    key = (raw, cell_type)
    if key not in _REFUSALS:
        try:
            parse_cell(raw, cell_type)
            message = EXPECTED[cell_type]  # e.g. an empty text stored where a figure belongs
        except InputError as exc:
            message = str(exc)
        if len(_REFUSALS) > 4096:
            _REFUSALS.clear()
        _REFUSALS[key] = message
    return _REFUSALS[key]
