"""Month ends and monthly flows, with exact dates and sums."""

from datetime import date
from decimal import Decimal

from chanye.analytics.months import month_end, month_ends, monthly_flows


def test_month_end_knows_leap_years():
    assert [month_end(date(2024, 2, 3)), month_end(date(2025, 2, 28)), month_end(date(2025, 12, 1))] == [
        date(2024, 2, 29),
        date(2025, 2, 28),
        date(2025, 12, 31),
    ]


def test_month_ends_run_from_the_start_month_to_the_last_whole_month():
    assert month_ends(date(2024, 11, 15), date(2025, 2, 28)) == [
        date(2024, 11, 30),
        date(2024, 12, 31),
        date(2025, 1, 31),
        date(2025, 2, 28),
    ]
    assert month_ends(date(2025, 1, 1), date(2025, 3, 30)) == [date(2025, 1, 31), date(2025, 2, 28)]
    assert month_ends(date(2025, 3, 1), date(2025, 2, 1)) == []


def test_monthly_flows_include_empty_months_and_stop_at_the_end():
    events = [
        (date(2025, 1, 10), 5),
        (date(2025, 1, 31), 2),
        (date(2025, 3, 1), 4),
        (date(2024, 12, 31), 100),
        (date(2025, 4, 2), 9),
    ]
    assert monthly_flows(events, start=date(2025, 1, 1), end=date(2025, 3, 15)) == [
        (date(2025, 1, 31), Decimal(7)), (date(2025, 2, 28), Decimal(0)), (date(2025, 3, 15), Decimal(4)),
    ]  # fmt: skip
    assert monthly_flows([(date(2025, 5, 5), 1)], start=None, end=date(2025, 6, 30)) == [
        (date(2025, 5, 31), Decimal(1)),
        (date(2025, 6, 30), Decimal(0)),
    ]
    assert monthly_flows([], start=None, end=date(2025, 6, 30)) == []
