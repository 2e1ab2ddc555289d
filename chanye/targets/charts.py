"""ECharts option for a target: trajectory, actuals, forecast band, deadline."""

from datetime import date

from chanye.analytics import trajectory as tr
from chanye.analytics.months import month_ends


def _month_ends(start: date, end: date) -> list[date]:
    """The chart's x axis: every month end up to `end`, and `end` itself."""
    out = month_ends(start, end)
    return out if out and out[-1] == end else [*out, end]


def plan_series(spec, baseline: tr.Point | None) -> list[tuple[date, float]]:
    if baseline is None or spec.deadline is None or spec.trajectory == "none" or spec.kind == "growth_rate":
        return []
    target = tr.Point(spec.deadline, spec.final_value)
    return [
        (
            d,
            float(
                tr.planned_value(
                    kind=spec.trajectory,
                    baseline=baseline,
                    target=target,
                    on=d,
                    points=spec.points,
                    increment=spec.increment,
                )
            ),
        )
        for d in [baseline.at, *_month_ends(baseline.at, spec.deadline)]
    ]


def target_option(*, spec, baseline, evaluation, unit: str, today: date) -> dict:
    series = []
    plan = plan_series(spec, baseline)
    if spec.kind == "growth_rate" and spec.deadline:
        start = date(spec.deadline.year, 1, 1)
        plan = [(start, float(spec.final_value)), (spec.deadline, float(spec.final_value))]
    if plan:
        series.append(
            {
                "name": "计划轨迹",
                "type": "line",
                "data": [[d.isoformat(), round(v, 4)] for d, v in plan],
                "symbol": "none",
                "lineStyle": {"type": "dashed", "color": "#5470c6"},
            }
        )
    actual = [[p.at.isoformat(), float(p.value)] for p in evaluation.series]
    series.append(
        {
            "name": "实际值",
            "type": "line",
            "data": actual,
            "symbolSize": 7,
            "lineStyle": {"color": "#ee6666", "width": 2},
            "itemStyle": {"color": "#ee6666"},
        }
    )
    if (
        evaluation.forecast is not None
        and evaluation.series
        and spec.deadline
        and spec.deadline > evaluation.series[-1].at
    ):
        last = evaluation.series[-1]
        f = float(evaluation.forecast)
        spread = (
            abs(f - float(last.value)) * 0.15
        )  # ±15% of the remaining movement: a visual band, not a statistical interval
        series.append(
            {
                "name": "预测",
                "type": "line",
                "data": [[last.at.isoformat(), float(last.value)], [spec.deadline.isoformat(), round(f, 4)]],
                "lineStyle": {"type": "dotted", "color": "#91cc75"},
                "itemStyle": {"color": "#91cc75"},
            }
        )
        series.append(
            {
                "name": "预测区间",
                "type": "line",
                "stack": "band",
                "symbol": "none",
                "lineStyle": {"opacity": 0},
                "data": [
                    [last.at.isoformat(), float(last.value)],
                    [spec.deadline.isoformat(), round(f - spread, 4)],
                ],
                "tooltip": {"show": False},
            }
        )
        series.append(
            {
                "name": "预测区间",
                "type": "line",
                "stack": "band",
                "symbol": "none",
                "lineStyle": {"opacity": 0},
                "areaStyle": {"color": "rgba(145,204,117,0.25)"},
                "data": [[last.at.isoformat(), 0], [spec.deadline.isoformat(), round(2 * spread, 4)]],
                "tooltip": {"show": False},
            }
        )
    mark_lines = [
        {
            "yAxis": float(spec.final_value),
            "name": "目标值",
            "lineStyle": {"color": "#fac858"},
            "label": {"formatter": f"目标 {spec.final_value.normalize():f}{unit}"},
        }
    ]
    if spec.deadline:
        mark_lines.append(
            {
                "xAxis": spec.deadline.isoformat(),
                "name": "期限",
                "lineStyle": {"color": "#999"},
                "label": {"formatter": "期限"},
            }
        )
    mark_lines.append(
        {
            "xAxis": today.isoformat(),
            "name": "今天",
            "lineStyle": {"color": "#ccc", "type": "dotted"},
            "label": {"formatter": "今天"},
        }
    )
    series[0].setdefault("markLine", {"symbol": "none", "data": mark_lines})
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"data": ["计划轨迹", "实际值", "预测"], "top": 0},
        "grid": {"left": 60, "right": 30, "top": 40, "bottom": 40},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": unit, "scale": True},
        "series": series,
    }
