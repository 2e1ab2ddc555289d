"""ECharts options built in Python (tests check them as data; charts.js only mounts them)."""


def district_map_option(*, map_name: str, districts, counts: dict[int, int], selected_code: str = "") -> dict:
    data = []
    for d in districts:
        item = {"name": d.name_zh, "value": counts.get(d.pk, 0), "code": d.code, "url": d.get_absolute_url()}
        if d.code == selected_code:
            item["selected"] = True
        data.append(item)
    top = max([x["value"] for x in data] or [1]) or 1
    return {
        "tooltip": {"trigger": "item", "formatter": "{b}<br/>重点产业 {c} 个"},
        "visualMap": {
            "min": 0,
            "max": top,
            "left": 10,
            "bottom": 10,
            "text": ["多", "少"],
            "calculable": False,
            "inRange": {"color": ["#e8f1fb", "#1f5fa8"]},
            "textStyle": {"color": "#333"},
        },
        "series": [
            {
                "type": "map",
                "map": map_name,
                "roam": False,
                "selectedMode": "single" if selected_code else False,
                "label": {"show": True, "fontSize": 11, "color": "#222"},
                "emphasis": {"label": {"show": True}, "itemStyle": {"areaColor": "#f5b041"}},
                "select": {"itemStyle": {"areaColor": "#e67e22"}, "label": {"color": "#000"}},
                "data": data,
            }
        ],
    }
