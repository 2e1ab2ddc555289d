from datetime import date
from decimal import Decimal

from chanye.analytics import trajectory as tr
from chanye.analytics.evaluation import Obs, TargetSpec, evaluate

D = Decimal
TECH_UPGRADE = TargetSpec(
    kind="count",
    comparison=">=",
    direction="increase",
    aggregation="sum",
    final_value=D(1000),
    deadline=date(2025, 12, 31),
)


def monthly(values, year=2025):
    ends = [date(year, m, 28) for m in range(1, 13)]
    return [Obs(ends[i], D(v)) for i, v in enumerate(values)]


def test_count_target_sums_monthly_flows_within_its_year():
    obs = monthly([80, 80, 80, 80, 80, 80]) + [
        Obs(date(2024, 12, 31), D(999))
    ]  # last year's row does not count
    result = evaluate(TECH_UPGRADE, obs, on=date(2025, 6, 30))
    assert result.actual == D(480)
    # Plan on 30 June: 1000 × 180/364 days.
    assert result.planned == D(1000) * D(180) / D(364)
    assert result.ratio == D(480) / (D(1000) * D(180) / D(364))
    assert result.status == tr.ON_TRACK  # 0.9707
    assert [p.value for p in result.series] == [D(80), D(160), D(240), D(320), D(400), D(480)]
    assert result.gap_per_month == D(520) / 6


def test_count_target_behind_plan_and_its_run_rate_forecast():
    result = evaluate(TECH_UPGRADE, monthly([50] * 6), on=date(2025, 6, 30))
    assert result.actual == D(300)
    assert result.status == tr.BEHIND  # 300 / 494.5 = 0.607
    assert result.forecast == D(300) / (D(180) / D(364))
    assert result.likelihood == tr.LIKELY_LOW  # 606.7 / 1000


def test_count_target_reached_early_is_achieved_with_high_likelihood():
    result = evaluate(TECH_UPGRADE, monthly([200] * 5), on=date(2025, 6, 30))
    assert (result.actual, result.status, result.likelihood) == (D(1000), tr.ACHIEVED, tr.LIKELY_HIGH)


def test_no_observation_is_no_data():
    result = evaluate(TECH_UPGRADE, [], on=date(2025, 6, 30))
    assert (result.actual, result.status, result.forecast) == (None, tr.NO_DATA, None)


def test_growth_rate_target_compares_ytd_growth_with_the_rate():
    spec = TargetSpec(
        kind="growth_rate",
        comparison=">=",
        direction="increase",
        aggregation="latest",
        final_value=D(10),
        deadline=date(2025, 12, 31),
        tolerance=D("0.05"),
    )
    obs = [
        Obs(date(2025, 3, 31), D(1092), base_value=D(1000)),
        Obs(date(2025, 6, 30), D(2170), base_value=D(2000)),
    ]
    result = evaluate(spec, obs, on=date(2025, 7, 15))
    assert result.actual == D("8.5")  # 2170/2000 − 1
    assert result.ratio == D("0.85")
    assert result.status == tr.WATCH
    assert [p.value for p in result.series] == [D("9.2"), D("8.5")]


def test_growth_rate_entered_directly_in_percent():
    spec = TargetSpec(
        kind="growth_rate",
        comparison=">=",
        direction="increase",
        aggregation="latest",
        final_value=D(25),
        deadline=date(2025, 12, 31),
    )
    result = evaluate(spec, [Obs(date(2025, 6, 30), D(26), is_rate=True)], on=date(2025, 7, 1))
    assert (result.actual, result.status) == (D(26), tr.ACHIEVED)


def test_growth_rate_below_target_at_year_end_is_missed():
    spec = TargetSpec(
        kind="growth_rate",
        comparison=">=",
        direction="increase",
        aggregation="latest",
        final_value=D(10),
        deadline=date(2025, 12, 31),
    )
    result = evaluate(spec, [Obs(date(2025, 12, 31), D(7), is_rate=True)], on=date(2026, 1, 20))
    assert result.status == tr.MISSED


def test_level_target_with_baseline_uses_the_linear_trajectory_and_cagr_forecast():
    spec = TargetSpec(
        kind="long_range",
        comparison=">=",
        direction="increase",
        aggregation="latest",
        final_value=D(160),
        deadline=date(2027, 12, 31),
        baseline_value=D(100),
        baseline_date=date(2024, 12, 31),
    )
    result = evaluate(spec, [Obs(date(2025, 12, 31), D(112))], on=date(2025, 12, 31))
    assert result.planned == D(120)
    assert result.ratio == D("0.6")
    assert result.status == tr.BEHIND
    assert result.forecast.quantize(D("0.0001")) == D("140.4928")  # methods §11.3
    assert result.likelihood == tr.LIKELY_DOUBT


def test_level_target_without_baseline_asks_for_one():
    spec = TargetSpec(
        kind="level",
        comparison=">",
        direction="increase",
        aggregation="latest",
        final_value=D(5000),
        deadline=date(2025, 12, 31),
    )
    result = evaluate(spec, [Obs(date(2025, 6, 30), D(2000))], on=date(2025, 7, 1))
    assert result.status == tr.WATCH
    assert "基数" in result.reason


def test_a_bare_planned_number_is_read_as_a_floor():
    # 荔湾: 开工建设产业载体项目40个 — 41 started by year end is not a miss.
    spec = TargetSpec(
        kind="count",
        comparison="=",
        direction="increase",
        aggregation="sum",
        final_value=D(40),
        deadline=date(2025, 12, 31),
    )
    result = evaluate(spec, [Obs(date(2025, 11, 30), D(41))], on=date(2026, 1, 10))
    assert result.status == tr.ACHIEVED


def test_annual_increment_compares_each_years_rise_with_the_step():
    # 产业投入占比每年提高不少于1个百分点: 14% → 14.6% by mid-2025, → 15.2% at year end.
    spec = TargetSpec(
        kind="annual_increment",
        comparison=">=",
        direction="increase",
        aggregation="latest",
        final_value=D(1),
        deadline=date(2030, 12, 31),
    )
    obs = [
        Obs(date(2024, 12, 31), D(14)),
        Obs(date(2025, 6, 30), D("14.6")),
        Obs(date(2025, 12, 31), D("15.2")),
    ]
    mid = evaluate(spec, obs, on=date(2025, 7, 1))
    assert (mid.actual, mid.ratio, mid.status) == (D("0.6"), D("0.6"), tr.BEHIND)
    end = evaluate(spec, obs, on=date(2026, 1, 5))
    assert (end.actual, end.status) == (D("1.2"), tr.ON_TRACK)
    assert [p.value for p in end.series] == [D("0.6"), D("1.2")]
