"""The one cell parser (forms.values.parse_cell): what a clerk may type, and what is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.values import Amount, InputError, Invalid, format_value, from_json, parse_cell, to_json

FULL_WIDTH = str.maketrans("0123456789,.+-", "０１２３４５６７８９，．＋－")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("0", 0),
        ("12", 12),
        ("１２", 12),
        ("１，０２４", 1024),
        ("1,024", 1024),
        ("  7\u3000", 7),
        ("\u00a07\u00a0", 7),
        ("+3", 3),
        ("＋３", 3),
        ("1 024", 1024),  # a space typed as a thousands separator
    ],
)
def test_counts_in_every_accepted_form(typed, expected):
    assert parse_cell(typed, "count") == expected


@pytest.mark.parametrize("typed", ["", "   ", "\u3000", "\u00a0"])
def test_blank_is_none_not_zero(typed):
    assert parse_cell(typed, "count") is None


@pytest.mark.parametrize(
    "typed",
    [
        "/",
        "—",
        "-",
        "无",
        "abc",
        "1.5",
        "１．５",
        "-3",
        "1,00",
        "1,0000",
        "12a",
        "1e3",
        "NaN",
        "Infinity",
        "--1",
        "+-1",
        "٣",
        "1 2",
        "12 3",
        "+ 3",
        "三",
        "0x10",
        "1_000",
        "½",
    ],
)
def test_anything_else_is_refused_with_a_chinese_message(typed):
    with pytest.raises(InputError) as err:
        parse_cell(typed, "count")
    message = str(err.value)
    assert "请输入" in message and "整数" in message


def test_signed_counts_take_a_minus_in_any_width():
    assert parse_cell("-8", "signed_count") == -8
    assert parse_cell("－８", "signed_count") == -8
    assert parse_cell("+5", "signed_count") == 5
    with pytest.raises(InputError, match="负数"):
        parse_cell("1.5", "signed_count")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("25.1", "25.1"),
        ("25.10", "25.1"),
        ("251000元", "25.1"),
        ("２５１０００元", "25.1"),
        ("25.1万元", "25.1"),
        ("0", "0"),
        ("1,200.5", "1200.5"),
        ("3元", "0.0003"),
        ("25.1 万元", "25.1"),
        ("251 000 元", "25.1"),
    ],
)
def test_money_is_stored_in_wan_yuan(typed, expected):
    value = parse_cell(typed, "money_wan")
    assert isinstance(value, Decimal) and value == Decimal(expected)
    assert format_value(value) == expected


@pytest.mark.parametrize("typed", ["-1", "25.1美元", "万元", "元", "25.1 万", "abc"])
def test_bad_money_is_refused(typed):
    with pytest.raises(InputError, match="万元"):
        parse_cell(typed, "money_wan")


def test_an_amount_keeps_its_number_and_unit_as_typed():
    assert parse_cell("359.3万元", "amount_unit") == Amount(Decimal("359.3"), "万元")
    assert str(parse_cell("251000元", "amount_unit")) == "251000元"
    assert parse_cell("7", "amount_unit") == Amount(Decimal("7"), None)  # P7 then asks for the unit


def test_stored_values_round_trip_and_bad_ones_are_kept_as_invalid():
    for value, cell_type in (
        (12, "count"),
        (-8, "signed_count"),
        (Decimal("25.1"), "money_wan"),
        (Amount(Decimal("359.3"), "万元"), "amount_unit"),
    ):
        assert from_json(to_json(value), cell_type) == value
    assert from_json("1.5", "count") == Invalid("1.5")
    assert from_json(-3, "count") == Invalid("-3")
    assert from_json(True, "count") == Invalid("true")
    assert from_json([1], "count") == Invalid("[1]")


@given(st.integers(min_value=0, max_value=10**12))
def test_every_count_in_every_written_form(n):
    for text in (
        str(n),
        format(n, ","),
        str(n).translate(FULL_WIDTH),
        format(n, ",").translate(FULL_WIDTH),
        f" +{n}\u3000",
    ):
        assert parse_cell(text, "count") == n


@given(st.text(max_size=30))
def test_any_text_is_a_value_a_blank_or_a_chinese_refusal(text):
    for cell_type in ("count", "signed_count", "money_wan", "amount_unit"):
        try:
            value = parse_cell(text, cell_type)
        except InputError as err:
            assert "请输入" in str(err)
            continue
        assert value is None or isinstance(value, (int, Decimal, Amount))


@pytest.mark.parametrize(
    ("typed", "printed", "value"),
    [
        ("73802895.90元", "73802895.90元", "73802895.9"),  # a real report's 采购总金额
        ("1,234.50万元", "1,234.50万元", "1234.5"),
        ("１２．３０万元", "12.30万元", "12.3"),
        ("0.0000万元", "0.0000万元", "0"),  # 北京: 保留四位小数
        ("0123万元", "123万元", "123"),
    ],
)
def test_an_amount_prints_and_saves_the_text_typed_and_computes_with_its_value(typed, printed, value):
    got = parse_cell(typed, "amount_unit")
    assert isinstance(got, Amount) and got.value == Decimal(value)
    assert format_value(got) == printed
    assert from_json(to_json(got), "amount_unit") == got  # the draft file keeps it as typed
