"""A catalogue of what may be typed or pasted into a cell, for every cell type (issue 8, point 6).

Each input ends, for each of the four cell types, in the value written in its row or in an
``InputError`` whose message is Chinese (and, where given, says why) — never in another
exception, a hang or a silently different number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from time_limit import time_limit

from forms.values import MAX_DIGITS, MAX_INPUT_CHARS, Amount, CellValue, InputError, format_value, parse_cell

CJK = re.compile(r"[\u4e00-\u9fff]")
TYPES = ("count", "signed_count", "money_wan", "amount_unit")


@dataclass(frozen=True)
class Refused:
    """The input is refused; the message contains ``words`` (besides being Chinese)."""

    words: str = ""


X = Refused()
TOO_LONG = Refused("输入太长")
TOO_MANY_DIGITS = Refused("位数太多")
NEGATIVE = Refused("负数")
BLANK = None


def D(text: str) -> Decimal:
    return Decimal(text)


def A(text: str, unit: str | None = None) -> Amount:
    return Amount(Decimal(text), unit)


def same(value: CellValue | Refused | None) -> tuple[CellValue | Refused | None, ...]:
    """The same outcome for every cell type (numbers as the type's own kind of value)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value, D(str(value)), A(str(value)))
    return (value, value, value, value)


def money(text: str, unit: str | None = None, wan: str | None = None) -> tuple[object, ...]:
    """Refused in counts; ``wan`` in a money_wan cell (default: the number), kept as typed in amount_unit."""
    return (X, X, D(wan if wan is not None else text), A(text, unit))


ONE_MB = 1024 * 1024
DIGITS_28 = "1234567890" * 2 + "12345678"
DIGITS_29 = DIGITS_28 + "9"

# (name, what is typed, (count, signed_count, money_wan, amount_unit))
CASES: list[tuple[str, str, tuple[object, ...]]] = [
    # plain and full-width digits, separators, spaces of every width
    ("zero", "0", same(0)),
    ("twelve", "12", same(12)),
    ("leading zero", "0123", same(123)),
    ("full-width digits", "０１２３", same(123)),
    ("full-width grouped", "１，０２４", same(1024)),
    ("ascii grouped", "1,024", same(1024)),
    ("grouped millions", "1,234,567", same(1234567)),
    ("space separator", "1 024", same(1024)),
    ("spaces separating groups", "12 345 678", same(12345678)),
    ("ideographic space separator", "1\u3000024", same(1024)),
    ("no-break space separator", "1\u00a0024", same(1024)),
    ("thin space separator", "1\u2009024", same(1024)),
    ("narrow no-break space separator", "1\u202f024", same(1024)),
    ("surrounding spaces", "  7  ", same(7)),
    ("surrounding ideographic spaces", "\u30007\u3000", same(7)),
    ("en quad before", "\u20003", same(3)),
    ("tab and newline around (a pasted cell)", "\t7\r\n", same(7)),
    ("full-width comma in a number", "1，024", same(1024)),
    ("eight full-width digits", "１２３４５６７８", same(12345678)),
    # signs
    ("plus", "+5", same(5)),
    ("full-width plus", "＋５", same(5)),
    ("minus", "-8", (NEGATIVE, -8, NEGATIVE, NEGATIVE)),
    ("full-width minus", "－８", (NEGATIVE, -8, NEGATIVE, NEGATIVE)),
    ("minus sign U+2212", "\u22128", (NEGATIVE, -8, NEGATIVE, NEGATIVE)),
    ("minus zero is zero", "-0", same(0)),
    ("minus zero point zero is zero", "-0.0", (0, 0, D("0"), A("0"))),
    ("plus zero", "+0", same(0)),
    ("double minus", "--1", same(X)),
    ("plus minus", "+-1", same(X)),
    ("sign apart from the number", "+ 3", same(X)),
    ("minus apart from the number", "- 5", same(X)),
    ("minus with yuan", "-1元", (X, X, NEGATIVE, NEGATIVE)),
    # blank is not zero
    ("empty", "", same(BLANK)),
    ("spaces only", "   ", same(BLANK)),
    ("ideographic space only", "\u3000", same(BLANK)),
    ("line break only", "\r\n", same(BLANK)),
    # what a clerk writes for "none" or "not applicable"
    ("slash", "/", same(X)),
    ("em dash", "—", same(X)),
    ("hyphen", "-", same(X)),
    ("无", "无", same(X)),
    ("零", "零", same(X)),
    ("三", "三", same(X)),
    ("letters", "abc", same(X)),
    ("null", "null", same(X)),
    ("true", "true", same(X)),
    ("NaN", "NaN", same(X)),
    ("Infinity", "Infinity", same(X)),
    # fractions and money
    ("one and a half", "1.5", money("1.5")),
    ("full-width one and a half", "１．５", money("1.5")),
    ("one point zero is one", "1.0", (1, 1, D("1"), A("1"))),
    ("trailing zero dropped", "25.10", money("25.1")),
    ("grouped with a fraction", "1,000.5", money("1000.5")),
    ("yuan become wan", "251000元", money("251000", "元", wan="25.1")),
    ("full-width yuan", "２５１０００元", money("251000", "元", wan="25.1")),
    ("three yuan", "3元", money("3", "元", wan="0.0003")),
    ("wan yuan", "25.1万元", money("25.1", "万元")),
    ("space before the unit", "25.1 万元", money("25.1", "万元")),
    ("spaced yuan", "251 000 元", money("251000", "元", wan="25.1")),
    ("a ten-thousandth of a wan", "0.0001万元", money("0.0001", "万元")),
    ("unit alone 万元", "万元", same(X)),
    ("unit alone 元", "元", same(X)),
    ("万 without 元", "25.1 万", same(X)),
    ("万 alone after the number", "25万", same(X)),
    ("dollars", "25.1美元", same(X)),
    ("yen sign", "¥25", same(X)),
    ("full-width yen sign", "￥25", same(X)),
    ("percent", "5%", same(X)),
    ("point five", ".5", same(X)),
    ("five point", "5.", same(X)),
    ("fraction with slash", "3/4", same(X)),
    ("vulgar fraction", "½", same(X)),
    ("in brackets", "(5)", same(X)),
    # units a count does not take
    ("eight pieces", "8件", same(X)),
    ("eight pieces spaced", "8 件", same(X)),
    ("eight items", "8条", same(X)),
    # notations a figure is never written in
    ("exponent", "1e5", same(X)),
    ("capital exponent", "1E5", same(X)),
    ("hexadecimal", "0x10", same(X)),
    ("underscore separator", "1_000", same(X)),
    ("short group", "1,00", same(X)),
    ("long group", "1,0000", same(X)),
    ("groups of two", "12,34", same(X)),
    ("space splitting a number", "1 2", same(X)),
    # other scripts' numerals are not read as digits
    ("Arabic-Indic digits", "١٢٣", same(X)),
    ("extended Arabic-Indic digits", "۱۲۳", same(X)),
    ("Devanagari digits", "१२३", same(X)),
    ("superscript two (NFKC would give 102)", "10²", same(X)),
    ("circled digits (NFKC would give 12)", "①②", same(X)),
    ("circled twenty-one (NFKC would give 21)", "㉑", same(X)),
    ("Roman numeral twelve", "Ⅻ", same(X)),
    # two cells pasted into one: a tab or a line break is not a thousands separator
    ("tab inside", "1\t234", same(X)),
    ("line break inside", "1\n234", same(X)),
    ("information separator inside", "1\x1c000", same(X)),
    ("tab before the unit", "25\t万元", same(X)),
    # invisible and odd characters
    ("right-to-left mark", "\u200f5", same(X)),
    ("right-to-left override", "\u202e5", same(X)),
    ("zero-width space", "5\u200b", same(X)),
    ("byte-order mark", "\ufeff5", same(X)),
    ("NUL after", "5\x00", same(X)),
    ("NUL alone", "\x00", same(X)),
    ("emoji", "😀", same(X)),
    ("emoji after a number", "5😀", same(X)),
    ("lone high surrogate", "\ud800", same(X)),
    ("lone low surrogate after a number", "5\udc00", same(X)),
    # lengths
    (f"{MAX_DIGITS} digits", DIGITS_28, same(int(DIGITS_28))),
    (f"{MAX_DIGITS} digits grouped", format(int(DIGITS_28), ","), same(int(DIGITS_28))),
    (f"{MAX_DIGITS} digits after leading zeros", "000" + DIGITS_28, same(int(DIGITS_28))),
    (f"{MAX_DIGITS + 1} digits", DIGITS_29, same(TOO_MANY_DIGITS)),
    (f"{MAX_DIGITS} decimals", "0." + DIGITS_28, (X, X, D("0." + DIGITS_28), A("0." + DIGITS_28))),
    (f"{MAX_DIGITS + 1} decimals", "0." + DIGITS_29, same(TOO_MANY_DIGITS)),
    (f"{MAX_INPUT_CHARS} characters", "0" * (MAX_INPUT_CHARS - 1) + "7", same(7)),
    (f"{MAX_INPUT_CHARS + 1} characters", "0" * MAX_INPUT_CHARS + "7", same(TOO_LONG)),
    ("a 1 MB paste of text", ("本年度收到申请3件。\n" * ONE_MB)[:ONE_MB], same(TOO_LONG)),
    ("a 1 MB string of digits", "1" * ONE_MB, same(TOO_LONG)),
    ("a 1 MB string of spaces", " " * ONE_MB, same(TOO_LONG)),
]


def test_the_catalogue_is_large_and_its_names_are_unique():
    assert len(CASES) >= 80
    assert len({name for name, _text, _exp in CASES}) == len(CASES)
    assert all(len(expected) == len(TYPES) for _n, _t, expected in CASES)


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_input_ends_in_its_value_or_a_chinese_refusal(name, text, expected):
    for cell_type, want in zip(TYPES, expected, strict=True):
        with time_limit(what=f"{name} as {cell_type}"):
            if isinstance(want, Refused):
                with pytest.raises(InputError) as err:
                    parse_cell(text, cell_type)
                message = str(err.value)
                assert CJK.search(message), (cell_type, message)
                assert want.words in message, (cell_type, message)
                assert len(message) < 200, "a refusal explains; it does not echo the input"
                continue
            got = parse_cell(text, cell_type)
            if isinstance(want, Amount) and isinstance(got, Amount):
                # an amount keeps its text as typed (tests/test_values.py); here: its value and unit
                assert (got.value, got.unit) == (want.value, want.unit), (cell_type, got, want)
                assert got.value == Decimal(got.typed.replace(",", "")), (cell_type, got)
            else:
                assert got == want and type(got) is type(want), (cell_type, got, want)
            if got is not None:
                # what is shown for an accepted value reads back as the same value
                assert parse_cell(format_value(got), cell_type) == got
                assert not format_value(got).startswith("-0")
