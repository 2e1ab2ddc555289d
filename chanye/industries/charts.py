"""The chain map: segments in three columns (上游 → 中游 → 下游), links from each stage to the next.

Drawn as an ECharts graph on a hidden cartesian grid, so a node sits exactly at
(stage column, row) whatever the chart's aspect ratio.
"""

STAGES = [("upstream", "上游"), ("midstream", "中游"), ("downstream", "下游")]
STAGE_COLORS = {"upstream": "#5470c6", "midstream": "#91cc75", "downstream": "#fac858"}
ROW_PX = 58
TOP_PX = 40


def _columns(segments) -> dict[str, list]:
    by_stage: dict[str, list] = {key: [] for key, _ in STAGES}
    for s in segments:
        by_stage[s.stage].append(s)
    return by_stage


def chain_option(segments) -> dict:
    by_stage = _columns(segments)
    tallest = max((len(v) for v in by_stage.values()), default=1) or 1
    nodes, index = [], {}
    for column, (key, label) in enumerate(STAGES):
        items = by_stage[key]
        offset = (tallest - len(items)) / 2
        for row, s in enumerate(items):
            index[s.key] = len(nodes)
            nodes.append(
                {
                    "id": s.key,
                    "name": s.name_zh,
                    "stage": label,
                    "value": [column, offset + row],
                    "itemStyle": {"color": STAGE_COLORS[key]},
                    "tooltip": {"formatter": f"{label}｜{s.name_zh}<br/>{s.description_zh}"},
                }
            )
    links = []
    pairs = list(zip(STAGES, STAGES[1:], strict=False))
    if not by_stage["midstream"]:
        # A chain with no midstream (some service chains) links upstream straight to downstream.
        pairs = [(STAGES[0], STAGES[2])]
    for (a, _), (b, _) in pairs:
        links += [{"source": index[x.key], "target": index[y.key]} for x in by_stage[a] for y in by_stage[b]]
    return {
        "tooltip": {"trigger": "item"},
        "grid": {"top": TOP_PX, "bottom": 8, "left": 10, "right": 10},
        "xAxis": {
            "type": "category",
            "data": [label for _, label in STAGES],
            "position": "top",
            "axisLine": {"show": False},
            "axisTick": {"show": False},
            "axisLabel": {"fontSize": 14, "fontWeight": "bold", "color": "#555"},
        },
        "yAxis": {"type": "value", "min": -0.5, "max": tallest - 0.5, "inverse": True, "show": False},
        "series": [
            {
                "type": "graph",
                "coordinateSystem": "cartesian2d",
                "symbol": "roundRect",
                "symbolSize": [150, 36],
                "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 7,
                "label": {
                    "show": True,
                    "color": "#111",
                    "fontSize": 12,
                    "width": 140,
                    "overflow": "truncate",
                },
                "lineStyle": {"color": "#b8c2cc", "width": 1, "curveness": 0.1, "opacity": 0.8},
                "emphasis": {"focus": "adjacency", "lineStyle": {"width": 2}},
                "data": nodes,
                "links": links,
            }
        ],
    }


def chain_height(segments) -> int:
    """Pixel height that fits the tallest column of the chain map."""
    tallest = max((len(v) for v in _columns(segments).values()), default=1) or 1
    return TOP_PX + 16 + tallest * ROW_PX
