"""Numbers the Chinese way: 万元/亿元 by magnitude, thousands separators, published precision, units."""

from decimal import Decimal

import pytest

from chanye.analytics import display as d


@pytest.mark.parametrize(
    ("wan", "shown"),
    [
        (Decimal("194817.00"), "19.48 亿元"),
        (Decimal("100464.00"), "10.05 亿元"),
        (Decimal("10000"), "1 亿元"),
        (Decimal("9999.5"), "9,999.5 万元"),
        (Decimal("3000.00"), "3,000 万元"),
        (Decimal("1004.636"), "1,004.64 万元"),
        (Decimal("0"), "0 万元"),
        (Decimal("-25000"), "-2.5 亿元"),
        (12345678, "1,234.57 亿元"),
        (None, "—"),
    ],
)
def test_amounts_in_wan_yuan_are_shown_in_wan_or_yi_by_magnitude(wan, shown):
    assert d.money_wan(wan) == shown


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "shown"),
    [
        (Decimal("15000"), "亩", 0, "15,000 亩"),
        (Decimal("89.6131"), "万元/亩", 2, "89.61 万元/亩"),
        (Decimal("6058"), "亩", None, "6,058 亩"),
        (Decimal("12.50"), "个", None, "12.5 个"),
        (Decimal("1234567.891"), "", 1, "1,234,567.9"),
        (None, "亩", 0, "—"),
    ],
)
def test_quantities_carry_separators_their_unit_and_at_most_the_published_precision(
    value, unit, decimals, shown
):
    assert d.quantity(value, unit, decimals=decimals) == shown


def test_percentages_and_percentage_points_are_not_confused():
    assert d.quantity(Decimal("15.2"), "%") == "15.2%"
    assert d.quantity(Decimal("1"), "个百分点") == "1 个百分点"


def test_an_area_in_square_kilometres_also_says_its_mu():
    assert d.area_with_mu(Decimal("10"), "平方公里") == "10 平方公里（约 15,000 亩）"
    assert d.area_with_mu(Decimal("15000"), "亩") == "15,000 亩"
    assert d.area_with_mu(Decimal("101"), "万平方米") == "101 万平方米（约 1,515 亩）"


def test_unknown_is_said_as_such():
    assert d.unknown_or(None) == "未知" and d.unknown_or("规上") == "规上"


@pytest.mark.parametrize(
    ("comparison", "value", "unit", "shown"),
    [
        (">=", Decimal("20"), "%", "≥ 20%"),
        (">", Decimal("10"), "平方公里", "> 10 平方公里（约 15,000 亩）"),
        ("=", Decimal("1000"), "个", "1,000 个"),
        ("<=", Decimal("0.45"), "吨标准煤/万元", "≤ 0.45 吨标准煤/万元"),
    ],
)
def test_a_goal_reads_as_signed_and_never_starts_with_an_equals_sign(comparison, value, unit, shown):
    assert d.goal(comparison, value, unit) == shown
