"""Project stages, stalled rules and funnels, exactly."""

from datetime import date
from fractions import Fraction

from chanye.analytics import projects as pj


def test_the_stage_is_the_furthest_dated_one_and_maps_to_the_promise():
    assert pj.stage_of({}) is None
    assert pj.stage_of({"signed": date(2025, 1, 1), "land": date(2025, 3, 1)}) == "land"
    assert [pj.PHASES[s] for s in pj.STAGES] == ["招得来", "落得下", "建得快", "运营好", "运营好"]


def test_dates_out_of_order_are_named():
    assert pj.order_problems(
        {"signed": date(2025, 5, 1), "land": date(2025, 3, 1), "started": date(2025, 6, 1)}
    ) == [("land", "供地日期 2025-03-01 早于签约日期 2025-05-01")]
    assert pj.order_problems({"signed": date(2025, 1, 1), "started": date(2025, 2, 1)}) == []


def test_a_project_stalls_when_it_waits_longer_than_the_rule():
    signed = {"signed": date(2025, 1, 1)}
    assert pj.stall_of(signed, date(2025, 6, 30)) is None  # 180 days exactly: not yet
    stall = pj.stall_of(signed, date(2025, 7, 1))
    assert (stall.rule, stall.label, stall.waited, stall.allowed, stall.over) == (
        "signed_no_land",
        "签约未供地",
        181,
        180,
        1,
    )
    assert pj.stall_of(signed, date(2025, 7, 1), {"signed_no_land": 365}) is None
    started = {"signed": date(2023, 1, 1), "land": date(2023, 3, 1), "started": date(2023, 6, 1)}
    assert pj.stall_of(started, date(2025, 6, 2)).label == "开工未投产"  # 732 days > 730
    assert pj.stall_of({**started, "operating": date(2025, 1, 1)}, date(2026, 1, 1)) is None


def test_the_funnel_counts_every_stage_a_project_passed_and_the_conversion():
    steps = pj.funnel(["signed", "signed", "land", "started", "operating", "full", None])
    assert [(s.label, s.reached) for s in steps] == [
        ("签约", 6),
        ("供地", 4),
        ("开工", 3),
        ("投产", 2),
        ("达产", 1),
    ]
    assert [s.rate for s in steps] == [None, Fraction(2, 3), Fraction(3, 4), Fraction(2, 3), Fraction(1, 2)]
    assert [s.rate for s in pj.funnel([])] == [None, None, None, None, None]


def test_a_project_without_a_land_stage_waits_from_signing_to_start():
    signed = {"signed": date(2025, 1, 1)}
    stall = pj.stall_of(signed, date(2025, 7, 1), needs_land=False)
    assert (stall.rule, stall.label, stall.waited) == ("signed_no_start", "签约未开工", 181)
    assert pj.stall_of(signed, date(2025, 7, 1)).rule == "signed_no_land"
    assert pj.stall_of({**signed, "started": date(2025, 2, 1)}, date(2025, 7, 1), needs_land=False) is None
