"""The three lists as pipelines: funnels, overdue actions, 'being worked'."""

from datetime import date
from fractions import Fraction

from chanye.analytics import lists as pl


def test_the_lead_funnel_counts_stages_passed_and_conversion():
    steps = pl.funnel(
        ["lead", "lead", "contact", "visit", "negotiation", "signed", "landed", "lead"], pl.LEAD_STAGES
    )
    assert [(s.label, s.reached) for s in steps] == [
        ("线索", 8),
        ("接洽", 5),
        ("考察", 4),
        ("谈判", 3),
        ("签约", 2),
        ("落地", 1),
    ]
    assert [s.rate for s in steps] == [
        None,
        Fraction(5, 8),
        Fraction(4, 5),
        Fraction(3, 4),
        Fraction(2, 3),
        Fraction(1, 2),
    ]
    assert [s.rate for s in pl.funnel([], pl.TRANSFER_STAGES)] == [None, None, None, None]


def test_open_items_and_overdue_next_actions():
    assert pl.is_open("negotiation", False, pl.LEAD_STAGES) and not pl.is_open(
        "landed", False, pl.LEAD_STAGES
    )
    assert not pl.is_open("contact", True, pl.LEAD_STAGES)
    today = date(2025, 6, 30)
    assert pl.overdue_days(date(2025, 6, 20), today, open_=True) == 10
    assert pl.overdue_days(date(2025, 6, 30), today, open_=True) is None
    assert pl.overdue_days(date(2025, 6, 20), today, open_=False) is None
    assert pl.overdue_days(None, today, open_=True) is None


def test_a_list_is_worked_with_open_items_moved_in_the_last_90_days():
    today = date(2025, 6, 30)
    assert pl.worked(3, date(2025, 4, 1), today)  # 90 days
    assert not pl.worked(3, date(2025, 3, 31), today)
    assert not pl.worked(0, date(2025, 6, 1), today)
