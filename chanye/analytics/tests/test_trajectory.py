"""Every worked number of methods §11 reproduced exactly."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanye.analytics import trajectory as t

D = Decimal
B2024 = t.Point(date(2024, 12, 31), D(100))
T2027 = t.Point(date(2027, 12, 31), D(160))
YEAR_ENDS = [date(2025, 12, 31), date(2026, 12, 31), date(2027, 12, 31)]


def q6(x: Decimal) -> Decimal:
    return x.quantize(D("0.000001"))


def test_linear_trajectory_is_120_140_160():
    plan = [t.planned_value(kind="linear", baseline=B2024, target=T2027, on=d) for d in YEAR_ENDS]
    assert plan == [D(120), D(140), D(160)]


def test_compound_trajectory_is_116_960710_136_798076_160():
    plan = [q6(t.planned_value(kind="compound", baseline=B2024, target=T2027, on=d)) for d in YEAR_ENDS]
    assert plan == [D("116.960710"), D("136.798076"), D("160.000000")]


@pytest.mark.parametrize(
    ("actual", "kind", "ratio", "status"),
    [
        (112, "linear", D("0.600000"), t.BEHIND),
        (112, "compound", D("0.707518"), t.BEHIND),
        (118, "linear", D("0.900000"), t.ON_TRACK),
        (118, "compound", D("1.061276"), t.ON_TRACK),
    ],
)
def test_ratio_and_status_in_2025(actual, kind, ratio, status):
    on = date(2025, 12, 31)
    planned = t.planned_value(kind=kind, baseline=B2024, target=T2027, on=on)
    result = t.assess(
        comparison=">=",
        direction=t.INCREASE,
        final_value=160,
        deadline=T2027.at,
        on=on,
        baseline=B2024,
        planned=planned,
        actual=D(actual),
    )
    assert q6(result.ratio) == ratio
    assert result.status == status


def test_achievement_against_final_target_says_red_for_an_on_track_year_one():
    # The reason for the trajectory rule: 100 → 112 is 20% of the way to 160.
    assert t.achievement_pct(direction=t.INCREASE, start=100, final=160, actual=112) == D(20)
    assert t.achievement_colour(20) == "red"


def test_cagr_forecast_is_140_4928_and_likelihood_is_doubtful():
    points = [t.Point(date(2024, 12, 31), D(100)), t.Point(date(2025, 12, 31), D(112))]
    forecast = t.forecast_trend(points, date(2027, 12, 31))
    assert q6(forecast) == D("140.492800")
    assert q6(forecast - 160) == D("-19.507200")
    assert (forecast / 160).quantize(D("0.001")) == D("0.878")
    assert t.likelihood(forecast=forecast, final_value=160, direction=t.INCREASE) == t.LIKELY_DOUBT


@pytest.mark.parametrize(
    ("direction", "start", "final", "actual", "pct", "colour"),
    [
        (t.INCREASE, 1_000_000, 1_500_000, 1_350_000, D(70), "red"),  # revenue 1.0M → 1.5M
        (t.DECREASE, 500_000, 400_000, 420_000, D(80), "yellow"),  # cost 500k → 400k
    ],
)
def test_servicenow_documented_examples(direction, start, final, actual, pct, colour):
    result = t.achievement_pct(direction=direction, start=start, final=final, actual=actual)
    assert result == pct
    assert t.achievement_colour(result) == colour


@pytest.mark.parametrize(("met", "periods", "pct"), [(11, 12, D(92)), (4, 4, D(100))])
def test_maintain_targets_count_periods_met(met, periods, pct):
    assert t.maintain_pct(met, periods).quantize(D(1)) == pct


def test_budget_share_minimum_path_is_15_to_20_percent():
    path = t.increment_path(base_value=14, base_year=2024, increment=1, final_value=20, final_year=2030)
    assert path == [(2025, D(15)), (2026, D(16)), (2027, D(17)), (2028, D(18)), (2029, D(19)), (2030, D(20))]


def test_annual_increment_trajectory_steps_once_a_year():
    base, final = t.Point(date(2024, 12, 31), D(14)), t.Point(date(2030, 12, 31), D(20))
    plan = {
        d: t.planned_value(kind="annual_increment", baseline=base, target=final, on=d, increment=D(1))
        for d in [date(2025, 6, 30), date(2026, 12, 31), date(2031, 6, 30)]
    }
    assert plan == {date(2025, 6, 30): D(15), date(2026, 12, 31): D(16), date(2031, 6, 30): D(20)}


def test_milestone_trajectory_is_piecewise_linear():
    base, final = t.Point(date(2025, 1, 1), D(0)), t.Point(date(2025, 12, 31), D(1000))
    points = [t.Point(date(2025, 6, 30), D(300))]
    on = date(2025, 4, 15)  # 104 of 180 days into the first leg
    assert t.planned_value(kind="milestone", baseline=base, target=final, on=on, points=points) == D(300) * D(
        104
    ) / D(180)
    assert t.planned_value(
        kind="milestone", baseline=base, target=final, on=date(2025, 6, 30), points=points
    ) == D(300)


def test_status_without_actuals_is_no_data_and_past_deadline_is_missed():
    kw = dict(
        comparison=">=",
        direction=t.INCREASE,
        final_value=1000,
        deadline=date(2025, 12, 31),
        baseline=t.Point(date(2025, 1, 1), D(0)),
    )
    assert t.assess(on=date(2025, 6, 30), planned=D(500), actual=None, **kw).status == t.NO_DATA
    assert t.assess(on=date(2026, 1, 15), planned=D(1000), actual=D(900), **kw).status == t.MISSED
    assert t.assess(on=date(2025, 9, 1), planned=D(670), actual=D(1000), **kw).status == t.ACHIEVED


def test_watch_band_between_75_and_90_percent_of_plan():
    kw = dict(
        comparison=">=",
        direction=t.INCREASE,
        final_value=1000,
        deadline=date(2025, 12, 31),
        baseline=t.Point(date(2025, 1, 1), D(0)),
        on=date(2025, 7, 1),
    )
    assert t.assess(planned=D(500), actual=D(400), **kw).status == t.WATCH  # 0.80
    assert t.assess(planned=D(500), actual=D(450), **kw).status == t.ON_TRACK  # 0.90
    assert t.assess(planned=D(500), actual=D(374), **kw).status == t.BEHIND  # 0.748


def test_thresholds_are_configurable():
    strict = t.Thresholds(on_track=D("0.95"), watch=D("0.85"))
    assert t.classify_ratio(D("0.90")) == t.ON_TRACK
    assert t.classify_ratio(D("0.90"), strict) == t.WATCH


def test_approximate_targets_use_their_tolerance():
    # 增长10%左右 with 5% tolerance: 9.6 counts, 9.4 does not.
    assert t.meets(">=", D("9.6"), 10, D("0.05"))
    assert not t.meets(">=", D("9.4"), 10, D("0.05"))
    assert t.meets("=", D("10.4"), 10, D("0.05"))
    assert not t.meets("=", D("10.4"), 10)


def test_decrease_targets_measure_progress_downwards():
    assert t.progress_ratio(direction=t.DECREASE, baseline=500, planned=450, actual=460) == D("0.8")
    assert (
        t.likelihood(forecast=D(420), final_value=400, direction=t.DECREASE) == t.LIKELY_FAIR
    )  # 400/420 = 0.952


def test_run_rate_forecast_for_cumulative_targets():
    # 450 projects by 30 June on a calendar-year count: 450 / (180/364) ≈ 910.
    f = t.forecast_run_rate(
        start=date(2025, 1, 1), on=date(2025, 6, 30), deadline=date(2025, 12, 31), to_date=450
    )
    assert f == D(450) / (D(180) / D(364))
    assert t.likelihood(forecast=f, final_value=1000, direction=t.INCREASE) == t.LIKELY_DOUBT  # 0.91
    assert t.likelihood(forecast=D(960), final_value=1000, direction=t.INCREASE) == t.LIKELY_FAIR


def test_linear_forecast_fits_the_last_points():
    start = date(2025, 1, 1).toordinal()
    pts = [t.Point(date.fromordinal(start + 30 * k), D(10 + 10 * k)) for k in range(4)]  # 10, 20, 30, 40
    assert t.forecast_linear(pts, date.fromordinal(start + 30 * 6)) == D(70)


def test_gap_per_remaining_period():
    assert t.gap_per_period(final_value=1000, actual=400, remaining_periods=3) == D(200)
    assert t.gap_per_period(final_value=1000, actual=400, remaining_periods=0) is None


def test_growth_rate_is_year_to_date_against_the_same_period():
    assert t.growth_pct(D(1100), D(1000)) == D(10)
    assert t.growth_pct(1, 0) is None


def test_worst_wins_roll_up():
    assert t.worst([t.ON_TRACK, t.WATCH, t.ACHIEVED]) == t.WATCH
    assert t.worst([t.ON_TRACK, t.NO_DATA]) == t.NO_DATA
    assert t.worst([t.BEHIND, t.MISSED]) == t.MISSED
    assert t.worst([]) == t.NO_DATA
    assert t.status_counts([t.ON_TRACK, t.ON_TRACK, t.BEHIND])[t.ON_TRACK] == 2


def test_district_targets_under_commit_to_the_city_target():
    result = t.district_consistency(
        city_value=15000, district_values={"440118": D(5000), "440117": D(1500), "440114": None}
    )
    assert result.district_total == D(6500)
    assert result.shortfall == D(8500)
    assert result.under_committed
    assert result.without_target == ("440114",)


def test_rates_are_recomputed_from_parts_not_averaged():
    # District A: 1/2 = 50%, district B: 99/100 = 99%; the city rate is 100/102, not 74.5%.
    assert t.rate([1, 99], [2, 100]) == D(100) / D(102)
    assert t.rate([], []) is None


@given(
    base=st.integers(min_value=1, max_value=10**6),
    final=st.integers(min_value=1, max_value=10**6),
    day=st.integers(min_value=0, max_value=1095),
)
def test_plans_stay_between_baseline_and_target(base, final, day):
    start, end = date(2025, 1, 1), date(2027, 12, 31)
    on = date.fromordinal(start.toordinal() + day)
    lo, hi = min(base, final), max(base, final)
    for kind in ("linear", "compound"):
        value = t.planned_value(
            kind=kind, baseline=t.Point(start, D(base)), target=t.Point(end, D(final)), on=on
        )
        assert D(lo) - D("1e-9") <= value <= D(hi) + D("1e-9")
