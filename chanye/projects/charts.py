"""ECharts option for one project's investment (the stage funnel is chanye.core.charts)."""

from decimal import Decimal


def investment_option(rows) -> dict:
    """Monthly planned and completed investment (万元) as bars, completed to date as a line."""
    labels = [f"{r.year}-{r.month:02d}" for r in rows]
    total, cumulative = Decimal(0), []
    for r in rows:
        total += r.completed or 0
        cumulative.append(float(total))
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 70, "right": 70, "top": 30, "bottom": 30},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": [{"type": "value", "name": "万元/月"}, {"type": "value", "name": "累计完成（万元）"}],
        "series": [
            {
                "name": "计划投资",
                "type": "bar",
                "data": [None if r.planned is None else float(r.planned) for r in rows],
                "itemStyle": {"color": "#9ecae1"},
            },
            {
                "name": "完成投资",
                "type": "bar",
                "data": [None if r.completed is None else float(r.completed) for r in rows],
                "itemStyle": {"color": "#1f5fa8"},
            },
            {
                "name": "累计完成",
                "type": "line",
                "yAxisIndex": 1,
                "data": cumulative,
                "itemStyle": {"color": "#e67e22"},
            },
        ],
    }
