"""Every district's page and scorecard show its layout industries at work (firms, output,
projects, 招商 leads) and its land and carriers, whether or not it has a numeric target."""

from datetime import date
from decimal import Decimal

import pytest

SLUG = "guangzhou-12218"


@pytest.fixture
def huangpu_world(system, targets, city_editor):
    from chanye.enterprises.tests.test_importing import csv_file, row, run
    from chanye.lists.models import Lead
    from chanye.places.models import LandRecord
    from chanye.projects.models import Project

    huangpu = system.districts.get(code="440112")
    industry = huangpu.priorities.order_by("order").first().industry
    firms = csv_file(
        row(1, district="黄埔区", industry="3973", scope="集成电路制造", revenue="1000"),
        row(2, district="黄埔区", industry="3973", scope="集成电路制造", revenue="500"),
    )
    assert run(system, city_editor, firms).status == "done"
    Project.objects.create(system=system, code="HP-1", name="黄埔示范项目", kind="key", district=huangpu, industry=industry,
                           planned_investment=Decimal("194817"), started_on=date(2025, 2, 1))  # fmt: skip
    Project.objects.create(system=system, code="HP-2", name="黄埔二期", kind="key", district=huangpu, industry=industry,
                           planned_investment=Decimal("3000"))  # fmt: skip
    Lead.objects.create(
        system=system, code="ZS-1", firm_name="甲公司", industry=industry, district=huangpu, stage="signed"
    )
    Lead.objects.create(
        system=system, code="ZS-2", firm_name="乙公司", industry=industry, district=huangpu, stage="lead"
    )
    LandRecord.objects.create(system=system, parcel="HP-L1", district=huangpu, use="new_industrial", area_mu=Decimal("15000"),
                              status="supplied", on=date(2025, 3, 5))  # fmt: skip
    return huangpu, industry


def test_the_layout_table_of_a_district_without_targets_shows_its_industries_at_work(
    huangpu_world, viewer, client_as
):
    from chanye.districts.selectors import district_layout
    from chanye.targets.models import Target

    huangpu, industry = huangpu_world
    assert not Target.objects.filter(district=huangpu).exists()
    table = district_layout(system=huangpu.system, district=huangpu)
    assert [c.label for c in table.columns] == [
        "企业",
        "规上企业",
        "工业总产值",
        "项目",
        "已开工",
        "计划总投资",
        "招商在办",
        "已签约",
    ]
    first_priority, cells = table.rows[0]
    assert first_priority.industry == industry
    assert cells[3:] == [
        "2 个",
        "1 个",
        "19.78 亿元",
        "2 条",
        "1 条",
    ]  # a signed lead is still open until it lands
    assert dict(table.facts)["用地记录"] == "1 宗，其中已供应或完成 1 宗、15,000 亩"
    assert len(table.rows) == huangpu.priorities.count()


def test_the_district_page_and_the_scorecard_show_the_same_layout_table(huangpu_world, viewer, client_as):
    huangpu, industry = huangpu_world
    client = client_as(viewer)
    page = client.get(f"/s/{SLUG}/districts/440112/")
    card = client.get(f"/s/{SLUG}/districts/440112/scorecard/")
    assert page.status_code == card.status_code == 200
    assert page.context["layout"] == card.context["layout"]
    for response in (page, card):
        html = response.content.decode()
        assert "产业布局与进展" in html and "19.78 亿元" in html and "15,000 亩" in html
    assert "本区在体系中没有数值目标" in card.content.decode()


@pytest.mark.parametrize(
    "code",
    [
        "440103",
        "440104",
        "440105",
        "440106",
        "440111",
        "440112",
        "440113",
        "440114",
        "440115",
        "440117",
        "440118",
    ],
)
def test_every_districts_scorecard_lists_its_layout_industries(system, targets, viewer, client_as, code):
    district = system.districts.get(code=code)
    card = client_as(viewer).get(f"/s/{SLUG}/districts/{code}/scorecard/")
    assert card.status_code == 200
    names = [p.industry.name_zh for p, _ in card.context["layout"].rows]
    assert names == [p.industry.name_zh for p in district.priorities.order_by("order")]
    assert all(name in card.content.decode() for name in names)
