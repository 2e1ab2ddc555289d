"""区级分解: a city target against the district targets on the same additive indicator (methods §11.4)."""

from decimal import Decimal

import pytest

from chanye.core.history import SOURCE_CLI
from chanye.targets.definition import parse_targets
from chanye.targets.selectors import city_breakdown, known_refs
from chanye.targets.services import targets_load

from .helpers import SLUG, shipped_text

# Two district targets on the city's 新增工业用地 indicator for 2025, for this test only: the
# article gives none (its district land targets use other indicators), so nothing shows on screen
# with the shipped file. Quotes reuse the article's words so the loader accepts them.
DISTRICT_LAND = """
  - code: test_zengcheng_new_land
    indicator: new_industrial_land
    owner: district:440118
    kind: level
    comparison: ">="
    value: 5000
    unit: 亩
    deadline: 2025-12-31
    deadline_confirmed: true
    trajectory: linear
    quote: 争取每年整合产业用地5000亩以上
    source: S00
    confidence: low

  - code: test_conghua_new_land
    indicator: new_industrial_land
    owner: district:440117
    kind: level
    comparison: ">="
    value: 2
    unit: 平方公里
    deadline: 2025-12-31
    deadline_confirmed: true
    trajectory: linear
    quote: 从化区开展土地实物收储1500亩以上
    source: S00
    confidence: low
"""


@pytest.fixture
def with_district_land(system, targets, cli):
    text = shipped_text().replace("\nmilestones:", DISTRICT_LAND + "\nmilestones:", 1)
    assert text != shipped_text()
    targets_load(
        definition=parse_targets(text, known_refs(system)), system=system, user=cli, source=SOURCE_CLI
    )
    return system


def test_district_targets_short_of_the_city_target_are_flagged(with_district_land):
    city = with_district_land.targets.get(code="city_new_industrial_land_2025")
    b = city_breakdown(city)
    # 10 km² = 15000 亩; 增城 5000 亩 + 从化 2 km² (3000 亩) = 8000 亩.
    assert b.consistency.city_value == 15000
    assert b.consistency.district_total == 8000
    assert b.consistency.shortfall == 7000
    assert b.consistency.under_committed is True
    assert len(b.consistency.without_target) == 9
    shares = {d.code: share for d, _, share in b.rows}
    assert round(shares["440118"], 4) == Decimal("33.3333")
    assert shares["440117"] == 20
    assert shares["440106"] is None


def test_the_target_page_shows_the_breakdown(with_district_land, viewer, client_as):
    html = client_as(viewer).get(f"/s/{SLUG}/targets/city_new_industrial_land_2025/").content.decode()
    assert '<span class="badge pending">承诺不足</span>' in html
    assert "各区同一指标、同一年度的目标合计 <b>8,000 亩</b>，还差 <b>7,000 亩</b> 没有落到区" in html
    assert (
        '<td>从化区</td><td><a href="/s/guangzhou-12218/targets/test_conghua_new_land/">≥ 3,000 亩</a></td><td class="num">20%</td>'
        in html
    )


def test_no_breakdown_for_district_or_non_additive_targets(targets, system, viewer, client_as):
    assert (
        city_breakdown(system.targets.get(code="zengcheng_land_integration_annual")) is None
    )  # a district target
    assert (
        city_breakdown(system.targets.get(code="city_budget_industry_share_2030")) is None
    )  # a share: not additive
    html = client_as(viewer).get(f"/s/{SLUG}/targets/city_new_industrial_land_2025/").content.decode()
    assert (
        "各区同一指标、同一年度的目标合计 <b>0 亩</b>，还差 <b>15,000 亩</b> 没有落到区。11 个区没有对应目标。"
        in html
    )
