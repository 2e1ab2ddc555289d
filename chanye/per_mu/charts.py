"""ECharts option for the class distribution: one stacked bar per district (or industry)."""

COLORS = {"A": "#2e7d32", "B": "#81c784", "C": "#f0ad4e", "D": "#d9534f"}


def class_bars(rows, *, run_url: str, by: str) -> dict:
    names = [r.name for r in rows]
    series = []
    for klass, color in COLORS.items():
        data = []
        for r in rows:
            data.append(
                {"value": r.counts.get(klass, 0), "url": f"{run_url}firms/?klass={klass}&{by}={r.key}"}
            )
        series.append(
            {
                "name": f"{klass} 类",
                "type": "bar",
                "stack": "class",
                "itemStyle": {"color": color},
                "data": data,
                "emphasis": {"focus": "series"},
            }
        )
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 90, "right": 20, "top": 30, "bottom": 20},
        "xAxis": {"type": "value", "name": "企业数"},
        "yAxis": {"type": "category", "data": names, "inverse": True},
        "series": series,
    }
