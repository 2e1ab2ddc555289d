"""Chain map with enterprise counts: the industry's chain graph, coloured by weak-link status."""

from django.urls import reverse

from chanye.analytics.chains import FAIR, MISSING, STRONG, WEAK
from chanye.industries.charts import chain_option

STATUS_COLORS = {MISSING: "#d9534f", WEAK: "#f0ad4e", FAIR: "#9ecae1", STRONG: "#5cb85c"}


def chain_map_option(industry, rows, *, district_code: str = "") -> dict:
    """`rows`: (segment, rollup or None, LinkScore) per segment, as chain_stats() returns them."""
    option = chain_option([s for s, _, _ in rows])
    by_key = {s.key: (s, r, score) for s, r, score in rows}
    base = reverse("enterprises:enterprise_list", args=[industry.system.slug])
    for node in option["series"][0]["data"]:
        segment, r, score = by_key[node["id"]]
        firms = r.firms if r else 0
        node["name"] = f"{segment.name_zh}（{firms}）"
        node["itemStyle"] = {"color": STATUS_COLORS[score.status]}
        node["url"] = f"{base}?industry={industry.slug}&segment={segment.key}" + (
            f"&district={district_code}" if district_code else ""
        )
        output = f"{(r.output_value or r.revenue) / 10000:.1f} 亿元" if r else "—"
        node["tooltip"] = {
            "formatter": f"{node['stage']}｜{segment.name_zh}<br/>企业 {firms} 家，规上 {r.above_scale if r else 0} 家<br/>"
            f"产值（无产值时为营收）{output}<br/>链主 {r.chain_leaders if r else 0} 家，重点企业 {r.key_firms if r else 0} 家<br/>"
            f"{score.status}（得分 {score.score}）：{score.reason}<br/>点击查看企业"
        }
    return option
