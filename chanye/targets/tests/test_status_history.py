from datetime import date
from decimal import Decimal

from chanye.targets.models import Observation
from chanye.targets.services import target_set_override

from .helpers import board_rows


def test_target_page_shows_the_status_after_each_actual_and_overrides(
    client_as, city_editor, system, targets
):
    target = system.targets.get(code="city_tech_upgrade_projects")
    # 30 in Jan: behind; +150 by Feb: on track (plan ≈ 162 at 28 Feb).
    for period_end, value in [(date(2025, 1, 31), 30), (date(2025, 2, 28), 120)]:
        Observation.objects.create(
            series=target.series,
            target=target,
            period_end=period_end,
            value=Decimal(value),
            value_as_entered=Decimal(value),
            unit_as_entered="个",
        )
    target_set_override(user=city_editor, target=target, status="关注", reason="数据口径待核")
    response = client_as(city_editor).get(f"/s/{system.slug}/targets/{target.code}/?on=2025-03-01")
    rows = [(d, s) for d, s, _ in response.context["status_history"]]
    assert rows[:2] == [(date(2025, 1, 31), "滞后"), (date(2025, 2, 28), "正常")]
    assert rows[2][1] == "关注"
    assert "人工调整：数据口径待核" in response.content.decode()


def test_board_rolls_up_worst_status_per_district_industry_and_measure(client_as, viewer, system, targets):
    from chanye.analytics import trajectory as tr
    from chanye.core.tests.utils import run_demo

    run_demo(system, "places", "projects", "lists", "targets", today="2025-09-30")
    client = client_as(viewer)
    response = client.get(f"/s/{system.slug}/targets/?on=2025-09-30")
    assert response.context["rollups"] == []  # not computed until the panel is opened
    panel = client.get(f"/s/{system.slug}/targets/?on=2025-09-30&rollups=1", HTTP_HX_REQUEST="true")
    assert "按重大举措" in panel.content.decode() and "<html" not in panel.content.decode()
    rollups = dict(panel.context["rollups"])
    by_district = {name: status for name, status, _ in rollups["按区"]}
    haizhu_codes = set(system.targets.filter(district__code="440105").values_list("code", flat=True))
    haizhu = [status for code, status in board_rows(response) if code in haizhu_codes]
    assert haizhu and by_district["海珠区"] == tr.worst(haizhu)
    assert set(by_district) == set(
        system.targets.exclude(district=None).values_list("district__name_zh", flat=True)
    )
    assert rollups["按重大举措"] and all(n >= 1 for _, _, n in rollups["按重大举措"])
    by_owner = {name: (status, n) for name, status, n in rollups["按责任主体"]}
    assert by_owner["海珠区"] == (by_district["海珠区"], len(haizhu))
    assert sum(n for _, n in by_owner.values()) == 45
    city = [
        status
        for code, status in board_rows(response)
        if code in set(system.targets.filter(owner_kind="city").values_list("code", flat=True))
    ]
    assert by_owner["全市"] == (tr.worst(city), len(city))
