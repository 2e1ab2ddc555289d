from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanye.analytics.units import UnitError, compatible, convert, is_known, round_significant


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        # The article's own bracket: 2025年新增工业用地超10平方公里(1.5万亩).
        (10, "平方公里", "亩", Decimal("15000")),
        (10, "平方公里", "万亩", Decimal("1.5")),
        (Decimal("1.5"), "万亩", "平方公里", Decimal("10")),
        (1, "亩", "平方米", Decimal("666.666666667")),
        (Decimal("0.01"), "㎡", "万亩", Decimal("1.5E-9")),
        (800, "万㎡", "平方米", Decimal("8000000")),
        (158, "万方", "万平方米", Decimal("158")),
        (443, "万平方米", "㎡", Decimal("4430000")),
        (3, "亿元", "万元", Decimal("30000")),
        (2000, "亿元", "元", Decimal("200000000000")),
        (500, "家", "个", Decimal("500")),
        (20, "%", "%", Decimal("20")),
        (1, "个百分点", "pp", Decimal("1")),
    ],
)
def test_it_converts_units_as_written_in_the_article(value, source, target, expected):
    assert convert(value, source, target) == expected


def test_percent_and_percentage_points_are_kept_apart():
    assert not compatible("%", "个百分点")
    with pytest.raises(UnitError, match="量纲不同"):
        convert(1, "%", "个百分点")


def test_incompatible_units_are_refused_with_a_chinese_message():
    with pytest.raises(UnitError, match="单位「亩」不能换算为「亿元」"):
        convert(1, "亩", "亿元")


def test_unknown_unit_names_the_unit_and_lists_the_known_ones():
    assert not is_known("斤")
    with pytest.raises(UnitError, match="不认识的单位「斤」。可用：亩"):
        convert(1, "斤", "亩")


AREA = ["亩", "万亩", "平方公里", "平方米", "万平方米", "万方", "㎡"]
MONEY = ["元", "万元", "亿元"]


@given(
    value=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    units=st.sampled_from([(a, b) for group in (AREA, MONEY) for a in group for b in group]),
)
def test_round_trip_returns_the_value(value, units):
    source, target = units
    there = convert(value, source, target)
    back = convert(there, target, source)
    # 12 significant digits each way: the relative error of a round trip stays below 1e-11.
    assert abs(back - value) <= value * Decimal("1e-11")


@given(value=st.decimals(min_value=0, max_value=10**5, places=3, allow_nan=False, allow_infinity=False))
def test_square_kilometres_are_fifteen_hundred_mu_each(value):
    assert convert(value, "平方公里", "亩") == round_significant(value * 1500)
