"""Targets against their trajectories: planned value, status, forecast and likelihood, roll-ups.

Pure (no Django). "Today" is always an argument. Rules and worked numbers: methods §11
(delivery-unit trajectories; ServiceNow-style achievement for comparison); docs/targets.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

INCREASE = "increase"
DECREASE = "decrease"

ACHIEVED = "已达成"
ON_TRACK = "正常"
WATCH = "关注"
BEHIND = "滞后"
MISSED = "未达成"
NO_DATA = "无数据"
STATUSES = (ACHIEVED, ON_TRACK, WATCH, BEHIND, MISSED, NO_DATA)
# Worst first. 无数据 ranks worse than 正常: a target nobody reports on is not on track.
SEVERITY = {MISSED: 0, BEHIND: 1, WATCH: 2, NO_DATA: 3, ON_TRACK: 4, ACHIEVED: 5}

LIKELY_HIGH = "高"
LIKELY_FAIR = "较高"
LIKELY_DOUBT = "较低"
LIKELY_LOW = "低"

TRAJECTORY_KINDS = ("linear", "compound", "milestone", "annual_increment", "custom", "none")


@dataclass(frozen=True)
class Point:
    at: date
    value: Decimal


@dataclass(frozen=True)
class Thresholds:
    """Share of the planned progress needed for 正常 / 关注 (methods §11.3 defaults)."""

    on_track: Decimal = Decimal("0.90")
    watch: Decimal = Decimal("0.75")
    likely_high: Decimal = Decimal("1")
    likely_fair: Decimal = Decimal("0.95")
    likely_doubt: Decimal = Decimal("0.85")


DEFAULT_THRESHOLDS = Thresholds()


def show(x) -> str:
    """A number for a sentence: at most 2 decimals, no trailing zeros."""
    d = round(_dec(x), 2).normalize()
    return f"{d:f}"


def _dec(x) -> Decimal:
    if isinstance(x, Fraction):
        return Decimal(x.numerator) / Decimal(x.denominator)
    return x if isinstance(x, Decimal) else Decimal(str(x))


def elapsed(start: date, end: date, on: date) -> Fraction:
    """Share of the period start→end that has passed on `on`, clamped to [0, 1]."""
    if end <= start:
        return Fraction(1)
    f = Fraction((on - start).days, (end - start).days)
    return min(max(f, Fraction(0)), Fraction(1))


# ---------------------------------------------------------------- planned value


def planned_value(
    *,
    kind: str,
    baseline: Point,
    target: Point,
    on: date,
    points: Sequence[Point] = (),
    increment: Decimal | None = None,
) -> Decimal | None:
    """The value the trajectory expects on `on` (None for kind "none")."""
    b, t = _dec(baseline.value), _dec(target.value)
    if kind == "none":
        return None
    if kind == "linear":
        return b + (t - b) * _dec(elapsed(baseline.at, target.at, on))
    if kind == "compound":
        if b <= 0 or t <= 0:
            raise ValueError("复合增长轨迹要求基数和目标值都大于 0。")
        return b * (t / b) ** _dec(elapsed(baseline.at, target.at, on))
    if kind in ("milestone", "custom"):
        return _piecewise([baseline, *sorted(points, key=lambda p: p.at), target], on)
    if kind == "annual_increment":
        if increment is None:
            raise ValueError("逐年递增轨迹需要每年增量 increment。")
        years = max(0, min(on.year, target.at.year) - baseline.at.year)
        value = b + _dec(increment) * years
        return min(value, t) if t >= b else max(value, t)
    raise ValueError(f"未知的轨迹类型「{kind}」。可选：{'、'.join(TRAJECTORY_KINDS)}。")


def _piecewise(points: list[Point], on: date) -> Decimal:
    if on <= points[0].at:
        return _dec(points[0].value)
    for left, right in zip(points, points[1:], strict=False):
        if on <= right.at:
            f = elapsed(left.at, right.at, on)
            return _dec(left.value) + (_dec(right.value) - _dec(left.value)) * _dec(f)
    return _dec(points[-1].value)


def increment_path(
    *, base_value, base_year: int, increment, final_value, final_year: int
) -> list[tuple[int, Decimal]]:
    """Minimum path of an annual-increment rule, e.g. +1 个百分点 a year to ≥ 20% by 2030."""
    path = []
    for year in range(base_year + 1, final_year + 1):
        value = _dec(base_value) + _dec(increment) * (year - base_year)
        path.append((year, value))
    if path and path[-1][1] < _dec(final_value):
        path[-1] = (final_year, _dec(final_value))
    return path


# ---------------------------------------------------------------- status


def progress_ratio(*, direction: str, baseline, planned, actual) -> Decimal | None:
    """ρ = share of the planned movement achieved; None when the plan has not moved yet."""
    b, p, a = _dec(baseline), _dec(planned), _dec(actual)
    if p == b:
        return None
    if direction == DECREASE:
        return (b - a) / (b - p)
    return (a - b) / (p - b)


def meets(comparison: str, actual, value, tolerance: Decimal = Decimal(0)) -> bool:
    """Does `actual` satisfy "comparison value"? `tolerance` (share of value) widens 左右/近 targets."""
    a, v = _dec(actual), _dec(value)
    slack = abs(v) * _dec(tolerance)
    if comparison == ">=":
        return a >= v - slack
    if comparison == ">":
        return a > v - slack if slack else a > v
    if comparison == "<=":
        return a <= v + slack
    if comparison == "<":
        return a < v + slack if slack else a < v
    if comparison == "=":
        return abs(a - v) <= slack
    raise ValueError(f"未知的比较符「{comparison}」。")


def classify_ratio(ratio: Decimal, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    if ratio >= thresholds.on_track:
        return ON_TRACK
    if ratio >= thresholds.watch:
        return WATCH
    return BEHIND


COMPARISON_WORDS = {">=": "不少于", ">": "超过", "<=": "不超过", "<": "低于", "=": "达到"}


@dataclass(frozen=True)
class Assessment:
    status: str
    planned: Decimal | None
    ratio: Decimal | None
    reason: str


def assess(
    *,
    comparison: str,
    direction: str,
    final_value,
    deadline: date | None,
    on: date,
    baseline: Point | None,
    planned: Decimal | None,
    actual,
    tolerance: Decimal = Decimal(0),
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    unit: str = "",
) -> Assessment:
    """Status of one target on `on` from its latest actual and the trajectory's planned value.
    The reason is a sentence for officials: figures with separators and `unit`, the comparison in
    words (超过 15,000 亩), never a symbol."""
    from .display import quantity

    goal = f"{COMPARISON_WORDS.get(comparison, comparison)} {quantity(final_value, unit)}"
    if actual is None:
        return Assessment(NO_DATA, planned, None, "尚无实际值")
    upward = comparison in (">=", ">")
    hit = meets(comparison, actual, final_value, tolerance)
    if hit and (upward or comparison == "=" or (deadline is not None and on >= deadline)):
        return Assessment(ACHIEVED, planned, None, f"实际值 {quantity(actual, unit)}，已达到目标（{goal}）")
    if deadline is not None and on > deadline:
        return Assessment(
            MISSED,
            planned,
            None,
            f"期限 {deadline} 已过，实际值 {quantity(actual, unit)}，未达到目标（{goal}）",
        )
    if planned is None or baseline is None:
        return Assessment(WATCH, planned, None, "没有轨迹或基数，无法判断进度，请补充")
    ratio = progress_ratio(direction=direction, baseline=baseline.value, planned=planned, actual=actual)
    if ratio is None:
        on_plan = _dec(actual) >= planned if direction == INCREASE else _dec(actual) <= planned
        return Assessment(
            ON_TRACK if on_plan else BEHIND, planned, None, "计划尚未起步，按实际值与计划值比较"
        )
    return Assessment(classify_ratio(ratio, thresholds), planned, ratio, f"完成计划进度的 {ratio:.0%}")


# ---------------------------------------------------------------- forecast


def forecast_run_rate(*, start: date, on: date, deadline: date, to_date) -> Decimal:
    """Cumulative targets: the pace so far carried to the deadline."""
    done = elapsed(start, deadline, on)
    if done == 0:
        return _dec(to_date)
    return _dec(to_date) / _dec(done)


def forecast_trend(points: Sequence[Point], deadline: date) -> Decimal | None:
    """Level targets: growth of the last step compounded to the deadline (methods §11.3 CAGR).

    F_T = A_t (A_t / A_{t−1})^n, n = remaining time in units of the last step; a linear step
    when the previous value is not positive.
    """
    if not points:
        return None
    pts = sorted(points, key=lambda p: p.at)
    last = pts[-1]
    if len(pts) == 1 or deadline <= last.at:
        return _dec(last.value)
    prev = pts[-2]
    step_days = (last.at - prev.at).days
    n = _dec(Fraction((deadline - last.at).days, step_days)) if step_days else Decimal(0)
    a, p = _dec(last.value), _dec(prev.value)
    if p > 0 and a > 0:
        return a * (a / p) ** n
    return a + (a - p) * n


def forecast_linear(points: Sequence[Point], deadline: date, last: int = 4) -> Decimal | None:
    """Ordinary least squares on the last `last` points, read at the deadline."""
    pts = sorted(points, key=lambda p: p.at)[-last:]
    if len(pts) < 2:
        return _dec(pts[0].value) if pts else None
    x0 = pts[0].at
    xs = [Decimal((p.at - x0).days) for p in pts]
    ys = [_dec(p.value) for p in pts]
    n = Decimal(len(pts))
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return my
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return my + slope * (Decimal((deadline - x0).days) - mx)


def likelihood(
    *, forecast, final_value, direction: str, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> str | None:
    """高 / 较高 / 较低 / 低 from the forecast against the target (methods §11.3)."""
    if forecast is None:
        return None
    f, t = _dec(forecast), _dec(final_value)
    if direction == DECREASE:
        ratio = t / f if f else Decimal("Infinity")
    else:
        if t == 0:
            return LIKELY_HIGH if f >= 0 else LIKELY_LOW
        ratio = f / t
    if ratio >= thresholds.likely_high:
        return LIKELY_HIGH
    if ratio >= thresholds.likely_fair:
        return LIKELY_FAIR
    if ratio >= thresholds.likely_doubt:
        return LIKELY_DOUBT
    return LIKELY_LOW


def gap_per_period(*, final_value, actual, remaining_periods: int) -> Decimal | None:
    """What each remaining period must add to reach the target (None when no period is left)."""
    if remaining_periods <= 0:
        return None
    return (_dec(final_value) - _dec(actual)) / remaining_periods


def growth_pct(current, base) -> Decimal | None:
    """同比增速 (%) of a year-to-date value against the same period last year."""
    if _dec(base) == 0:
        return None
    return (_dec(current) / _dec(base) - 1) * 100


# ---------------------------------------------------------------- ServiceNow-style achievement (for comparison)


def achievement_pct(*, direction: str, start, final, actual) -> Decimal:
    s, f, a = _dec(start), _dec(final), _dec(actual)
    if direction == DECREASE:
        return (s - a) / (s - f) * 100
    return (a - s) / (f - s) * 100


def achievement_colour(pct, green: Decimal = Decimal(90), yellow: Decimal = Decimal(75)) -> str:
    pct = _dec(pct)
    return "green" if pct >= green else "yellow" if pct >= yellow else "red"


def maintain_pct(periods_met: int, periods: int) -> Decimal:
    return Decimal(periods_met) / Decimal(periods) * 100


# ---------------------------------------------------------------- roll-ups and consistency


def worst(statuses: Iterable[str]) -> str:
    """Worst-wins roll-up (per owner, district, industry, measure)."""
    found = list(statuses)
    return min(found, key=SEVERITY.__getitem__) if found else NO_DATA


def status_counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s] += 1
    return counts


@dataclass(frozen=True)
class Consistency:
    city_value: Decimal
    district_total: Decimal
    shortfall: Decimal
    under_committed: bool
    without_target: tuple[str, ...]


def district_consistency(*, city_value, district_values: dict[str, Decimal | None]) -> Consistency:
    """Σ district targets on an additive indicator against the city target (methods §11.4)."""
    given = {k: _dec(v) for k, v in district_values.items() if v is not None}
    total = sum(given.values(), Decimal(0))
    city = _dec(city_value)
    return Consistency(
        city_value=city,
        district_total=total,
        shortfall=max(city - total, Decimal(0)),
        under_committed=total < city,
        without_target=tuple(sorted(k for k, v in district_values.items() if v is None)),
    )


def rate(numerators: Iterable, denominators: Iterable) -> Decimal | None:
    """A rate over several units recomputed from its parts: never an average of rates."""
    num = sum((_dec(x) for x in numerators), Decimal(0))
    den = sum((_dec(x) for x in denominators), Decimal(0))
    return None if den == 0 else num / den
