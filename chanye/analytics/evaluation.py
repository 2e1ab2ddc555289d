"""One target evaluated on a date: actual to date, planned value, status, forecast, likelihood.

Glue between a target as committed (plain values, from the database or a file) and the
trajectory rules in chanye.analytics.trajectory. Pure; "today" is the `on` argument.

How the actual is read depends on the indicator's aggregation:
- sum / count: observations are flows per period; the actual is their sum inside the target's
  period (period_start .. on), e.g. 技改项目 implemented each month.
- latest: observations are levels; the actual is the latest one on or before `on`.
- mean: the mean of the observations inside the period.
Growth-rate targets compare the latest year-to-date growth (同比) with the committed rate: an
observation carries its level and the same period last year (base), or the rate itself in %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import trajectory as tr


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    comparison: str
    direction: str
    aggregation: str
    final_value: Decimal
    deadline: date | None
    period_start: date | None = None
    baseline_value: Decimal | None = None
    baseline_date: date | None = None
    trajectory: str = "linear"
    points: tuple[tr.Point, ...] = ()
    increment: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    unit: str = ""  # the indicator's: written into the status reasons


@dataclass(frozen=True)
class Obs:
    period_end: date
    value: Decimal
    base_value: Decimal | None = None
    is_rate: bool = False  # value already is a growth rate in %


@dataclass(frozen=True)
class Evaluation:
    actual: Decimal | None
    actual_date: date | None
    planned: Decimal | None
    ratio: Decimal | None
    status: str
    reason: str
    forecast: Decimal | None
    likelihood: str | None
    gap_per_month: Decimal | None
    series: tuple[tr.Point, ...]  # the actual as it stood at each observation (for charts)


def _period_start(spec: TargetSpec) -> date | None:
    if spec.period_start:
        return spec.period_start
    if spec.deadline and spec.kind in ("count", "level", "growth_rate"):
        return date(spec.deadline.year, 1, 1)
    return None


def _growth(o: Obs) -> Decimal | None:
    if o.is_rate:
        return o.value
    return tr.growth_pct(o.value, o.base_value) if o.base_value is not None else None


def actual_series(spec: TargetSpec, observations: list[Obs], on: date) -> list[tr.Point]:
    """The actual as it stood after each observation up to `on`."""
    obs = sorted((o for o in observations if o.period_end <= on), key=lambda o: o.period_end)
    start = _period_start(spec)
    if spec.kind == "growth_rate":
        return [tr.Point(o.period_end, g) for o in obs if (g := _growth(o)) is not None]
    if spec.aggregation in ("sum", "count"):
        total, out = Decimal(0), []
        for o in obs:
            if start is None or o.period_end >= start:
                total += o.value
                out.append(tr.Point(o.period_end, total))
        return out
    if spec.aggregation == "mean":
        vals, out = [], []
        for o in obs:
            if start is None or o.period_end >= start:
                vals.append(o.value)
                out.append(tr.Point(o.period_end, sum(vals) / len(vals)))
        return out
    return [tr.Point(o.period_end, o.value) for o in obs]


def baseline_point(spec: TargetSpec) -> tr.Point | None:
    if spec.baseline_value is not None and spec.baseline_date is not None:
        return tr.Point(spec.baseline_date, spec.baseline_value)
    start = _period_start(spec)
    if start and spec.aggregation in ("sum", "count"):
        return tr.Point(start, Decimal(0))  # a count starts from nothing at the start of its period
    return None


def _months_left(on: date, deadline: date) -> int:
    return max(0, (deadline.year - on.year) * 12 + deadline.month - on.month)


def _as_floor(spec: TargetSpec) -> TargetSpec:
    """A bare planned number (建设10个, 开工40个) is read as a floor: 41 meets "40", it is not a miss."""
    if spec.comparison == "=" and spec.direction == tr.INCREASE and not spec.tolerance:
        from dataclasses import replace

        return replace(spec, comparison=">=")
    return spec


def yearly_changes(observations: list[Obs], on: date) -> list[tr.Point]:
    """Change of a level against the last value of the previous year (for 每年提高 N 个百分点)."""
    obs = sorted((o for o in observations if o.period_end <= on), key=lambda o: o.period_end)
    out = []
    for o in obs:
        before = [p for p in obs if p.period_end.year < o.period_end.year]
        if before:
            out.append(tr.Point(o.period_end, o.value - before[-1].value))
    return out


def evaluate(
    spec: TargetSpec, observations: list[Obs], on: date, thresholds: tr.Thresholds = tr.DEFAULT_THRESHOLDS
) -> Evaluation:
    spec = _as_floor(spec)
    if spec.kind == "annual_increment":
        return _evaluate_rate(
            spec,
            yearly_changes(observations, on),
            on,
            thresholds,
            "较上年提高 {actual} 个百分点，目标每年 {final}",
        )
    series = actual_series(spec, observations, on)
    latest = series[-1] if series else None
    actual = latest.value if latest else None
    if spec.kind == "growth_rate":
        # The committed rate is the plan all year: the YTD growth is compared with it directly.
        planned = spec.final_value
        result = tr.assess(
            comparison=spec.comparison,
            direction=spec.direction,
            final_value=spec.final_value,
            deadline=spec.deadline,
            on=on,
            baseline=tr.Point(on, Decimal(0)),
            planned=planned,
            actual=actual,
            unit=spec.unit,
            tolerance=spec.tolerance,
            thresholds=thresholds,
        )
        if result.status not in (tr.NO_DATA, tr.MISSED) and actual is not None and spec.final_value:
            ratio = actual / spec.final_value
            if result.status != tr.ACHIEVED:
                result = tr.Assessment(
                    tr.classify_ratio(ratio, thresholds),
                    planned,
                    ratio,
                    f"同比增长 {tr.show(actual)}%，目标 {tr.show(spec.final_value)}%",
                )
            if (
                spec.deadline
                and on >= spec.deadline
                and not tr.meets(spec.comparison, actual, spec.final_value, spec.tolerance)
            ):
                result = tr.Assessment(tr.MISSED, planned, ratio, "期末增速未达到目标")
        forecast = actual
    else:
        baseline = baseline_point(spec)
        planned = None
        if baseline is not None and spec.deadline is not None and spec.trajectory != "none":
            planned = tr.planned_value(
                kind=spec.trajectory,
                baseline=baseline,
                target=tr.Point(spec.deadline, spec.final_value),
                on=on,
                points=spec.points,
                increment=spec.increment,
            )
        result = tr.assess(
            comparison=spec.comparison,
            direction=spec.direction,
            final_value=spec.final_value,
            deadline=spec.deadline,
            on=on,
            baseline=baseline,
            planned=planned,
            actual=actual,
            unit=spec.unit,
            tolerance=spec.tolerance,
            thresholds=thresholds,
        )
        forecast = None
        if latest is not None and spec.deadline is not None:
            start = _period_start(spec)
            if spec.aggregation in ("sum", "count") and start is not None:
                forecast = tr.forecast_run_rate(
                    start=start, on=max(on, latest.at), deadline=spec.deadline, to_date=actual
                )
            else:
                history = ([baseline] if baseline and baseline.at < series[0].at else []) + series
                forecast = tr.forecast_trend(history, spec.deadline)
    return _finish(spec, series, result, forecast, on)


def _evaluate_rate(spec, series, on, thresholds, wording) -> Evaluation:
    latest = series[-1] if series else None
    actual = latest.value if latest else None
    planned = spec.final_value
    if actual is None:
        result = tr.Assessment(tr.NO_DATA, planned, None, "尚无实际值")
    elif tr.meets(spec.comparison, actual, spec.final_value, spec.tolerance):
        result = tr.Assessment(
            tr.ACHIEVED if spec.deadline and on >= spec.deadline else tr.ON_TRACK,
            planned,
            None,
            wording.format(actual=tr.show(actual), final=tr.show(spec.final_value)),
        )
    elif spec.deadline and on > spec.deadline:
        result = tr.Assessment(
            tr.MISSED, planned, None, wording.format(actual=tr.show(actual), final=tr.show(spec.final_value))
        )
    else:
        ratio = actual / spec.final_value if spec.final_value else None
        status = tr.classify_ratio(ratio, thresholds) if ratio is not None else tr.WATCH
        result = tr.Assessment(
            status, planned, ratio, wording.format(actual=tr.show(actual), final=tr.show(spec.final_value))
        )
    return _finish(spec, series, result, actual, on)


def _finish(spec, series, result, forecast, on) -> Evaluation:
    latest = series[-1] if series else None
    actual = latest.value if latest else None
    likely = (
        tr.likelihood(forecast=forecast, final_value=spec.final_value, direction=spec.direction)
        if forecast is not None
        else None
    )
    if result.status == tr.ACHIEVED:
        likely = tr.LIKELY_HIGH
    gap = None
    if (
        actual is not None
        and spec.deadline is not None
        and result.status not in (tr.ACHIEVED, tr.MISSED)
        and spec.kind not in ("growth_rate", "annual_increment")
    ):
        gap = tr.gap_per_period(
            final_value=spec.final_value, actual=actual, remaining_periods=_months_left(on, spec.deadline)
        )
    return Evaluation(
        actual=actual,
        actual_date=latest.at if latest else None,
        planned=result.planned,
        ratio=result.ratio,
        status=result.status,
        reason=result.reason,
        forecast=forecast,
        likelihood=likely,
        gap_per_month=gap,
        series=tuple(series),
    )
