"""ECharts options shared by several pages (built in Python; charts.js only mounts them)."""


def funnel_option(steps: list[tuple[str, int]]) -> dict:
    """A stage funnel: (label, count) from the first stage to the last, in that order."""
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}：{c}"},
        "series": [{
            "type": "funnel", "sort": "none", "left": "10%", "width": "80%", "top": 10, "bottom": 10, "minSize": "8%",
            "label": {"show": True, "position": "inside", "formatter": "{b} {c}"},
            "data": [{"name": label, "value": n} for label, n in steps],
        }],
    }  # fmt: skip
