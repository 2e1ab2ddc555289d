"""The chain map: segments in three columns (上游 → 中游 → 下游), links from each stage to the next."""

STAGES = [("upstream", "上游"), ("midstream", "中游"), ("downstream", "下游")]
STAGE_COLORS = {"upstream": "#5470c6", "midstream": "#91cc75", "downstream": "#fac858"}
COLUMN_X = {"upstream": 0, "midstream": 400, "downstream": 800}
ROW_GAP = 70


def chain_option(segments) -> dict:
    by_stage: dict[str, list] = {key: [] for key, _ in STAGES}
    for s in segments:
        by_stage[s.stage].append(s)
    tallest = max((len(v) for v in by_stage.values()), default=1) or 1
    nodes, links = [], []
    for key, label in STAGES:
        column = by_stage[key]
        offset = (tallest - len(column)) * ROW_GAP / 2
        for row, s in enumerate(column):
            nodes.append(
                {
                    "id": s.key,
                    "name": s.name_zh,
                    "x": COLUMN_X[key],
                    "y": offset + row * ROW_GAP,
                    "value": label,
                    "itemStyle": {"color": STAGE_COLORS[key]},
                    "tooltip": {"formatter": f"{label}｜{s.name_zh}<br/>{s.description_zh}"},
                }
            )
    for (a, _), (b, _) in zip(STAGES, STAGES[1:], strict=False):
        for left in by_stage[a]:
            for right in by_stage[b]:
                links.append({"source": left.key, "target": right.key})
    # Where a stage is empty (a service chain with no midstream), link across the gap.
    if not by_stage["midstream"]:
        links += [{"source": u.key, "target": d.key} for u in by_stage["upstream"] for d in by_stage["downstream"]]
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"show": False},
        "graphic": [
            {"type": "text", "top": 6, **position, "style": {"text": label, "fontSize": 14, "fontWeight": "bold", "fill": "#555"}}
            for position, (_, label) in zip(({"left": 75}, {"left": "center"}, {"right": 75}), STAGES, strict=True)
        ],
        "series": [
            {
                "type": "graph",
                "layout": "none",
                "top": 75,
                "bottom": 25,
                "left": 90,
                "right": 90,
                "symbol": "roundRect",
                "symbolSize": [150, 32],
                "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 7,
                "label": {"show": True, "color": "#111", "fontSize": 12, "width": 140, "overflow": "truncate"},
                "lineStyle": {"color": "#b8c2cc", "width": 1, "curveness": 0.15, "opacity": 0.8},
                "emphasis": {"focus": "adjacency", "lineStyle": {"width": 2}},
                "data": nodes,
                "links": links,
            }
        ],
    }


def chain_height(segments) -> int:
    """Pixel height that fits the tallest column of the chain map."""
    counts: dict[str, int] = {}
    for s in segments:
        counts[s.stage] = counts.get(s.stage, 0) + 1
    return 110 + max(counts.values(), default=1) * ROW_GAP
