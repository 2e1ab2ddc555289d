"""The three lists: import (all or nothing), funnels and overdue actions, a signed lead becomes a
project, the segments leads fill, and the 3+5+3+1 matrix showing a worked list as in place."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chanye.core.importing import import_register
from chanye.industries.models import SupportItem
from chanye.lists.importing import EXPANSIONS, LEADS, TRANSFERS
from chanye.lists.models import Expansion, Lead, Transfer
from chanye.lists.services import lead_to_project, lists_demo, lists_demo_clear
from chanye.projects.models import Project

SLUG = "guangzhou-12218"
LEAD_HEADER = "目标企业*,阶段*,市内企业,企业统一社会信用代码,线索来源,预计投资（万元）,编号*,产业*,产业链环节,产业办,拟落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注"


def leads(system, user, *rows, dry_run=False):
    content = ("\n".join([LEAD_HEADER, *rows]) + "\n").encode("utf-8")
    return import_register(
        register=LEADS, system=system, user=user, content=content, file_name="招商.csv", dry_run=dry_run
    )


def test_a_lead_import_writes_history_and_the_funnel_follows(system, city_editor):
    yesterday = date.today() - timedelta(days=1)
    out = leads(
        system, city_editor,
        f"甲公司,线索,否,,展会,5000,Z-1,智能网联与新能源汽车,,,南沙区,王五,电话沟通,{yesterday},,,,",
        "乙公司,谈判,是,,以商招商,20000,Z-2,智能网联与新能源汽车,,,黄埔区,王五,,,,,,",
        "丙公司,考察,否,,中介,,Z-3,智能网联与新能源汽车,,,,王五,,,,是,对方投资计划调整,",
        "丁公司,签约,否,,基金,80000,Z-4,智能网联与新能源汽车,,,花都区,王五,,,2025-06-01,,,",
    )  # fmt: skip
    assert (out.ok, out.created) == (True, 4), out.errors
    lost = Lead.objects.get(code="Z-3")
    assert (lost.lost, lost.reason, lost.history.get().history_user) == (
        True,
        "对方投资计划调整",
        city_editor,
    )
    from chanye.lists.selectors import LISTS, funnel_of, items, with_overdue

    kind = LISTS["leads"]
    assert [s.reached for s in funnel_of(kind, items(kind, system))] == [4, 3, 3, 2, 1, 0]
    overdue = [r for r in with_overdue(items(kind, system), kind, date.today()) if r.overdue]
    assert [(r.code, r.overdue) for r in overdue] == [("Z-1", 1)]


def test_bad_rows_change_nothing_and_say_where(system, city_editor):
    out = leads(
        system, city_editor,
        "甲公司,洽谈,否,,展会,5000,Z-1,不存在的产业,,,南沙区,,,,,,,",
        "乙公司,谈判,否,,展会,5000,Z-2,人工智能,,,南沙区,,,,,是,,",
    )  # fmt: skip
    assert [(e["row"], e["heading"], e["value"]) for e in out.errors] == [
        (2, "阶段", "洽谈"),
        (2, "产业", "不存在的产业"),
        (3, "成败原因", ""),
    ]
    assert out.errors[2]["message"] == "已终止的条目请写明原因。"
    assert not Lead.objects.exists()


def test_transfers_and_expansions_import_too(system, city_editor):
    header = "成果或专利*,专利号,持有单位*,承接企业,阶段*,交易额（万元）,编号*,产业*,产业链环节,产业办,转化落地区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注"
    out = import_register(register=TRANSFERS, system=system, user=city_editor, file_name="转化.csv", dry_run=False,
                          content=f"{header}\n固态电池电解质,ZL2023001,华南理工大学,某电池公司,对接,300,K-1,新能源与新型储能,,,番禺区,,,,,,,\n".encode())  # fmt: skip
    assert (out.ok, Transfer.objects.get().holder) == (True, "华南理工大学")
    header = "企业*,企业统一社会信用代码,阶段*,计划增资（万元）,新增产能,编号*,产业*,产业链环节,产业办,所在区,负责人,下一步工作,下一步日期,进入当前阶段日期,是否终止,成败原因,备注"
    out = import_register(register=EXPANSIONS, system=system, user=city_editor, file_name="扩产.csv", dry_run=False,
                          content=f"{header}\n某汽车零部件公司,,立项,12000,年产 50 万套,E-1,智能网联与新能源汽车,,,花都区,,,,,,,\n".encode())  # fmt: skip
    assert (out.ok, Expansion.objects.get().stage, Expansion.objects.get().planned_capital) == (
        True,
        "approved",
        Decimal("12000.00"),
    )


def test_a_signed_lead_becomes_a_project_without_retyping(system, city_editor, client_as):
    leads(system, city_editor, "丁公司,签约,否,,基金,80000,Z-4,智能网联与新能源汽车,,,花都区,王五,,,2025-06-01,,,",
          "甲公司,线索,否,,展会,5000,Z-1,智能网联与新能源汽车,,,南沙区,,,,,,,")  # fmt: skip
    early = Lead.objects.get(code="Z-1")
    with pytest.raises(ValidationError, match="只有已签约"):
        lead_to_project(lead=early, user=city_editor)
    lead = Lead.objects.get(code="Z-4")
    response = client_as(city_editor).post(f"/s/{SLUG}/lists/leads/{lead.pk}/convert/", follow=True)
    project = Project.objects.get()
    assert (project.code, project.kind, project.industry.slug, project.district.name_zh, project.planned_investment, project.signed_on) == (
        "ZS-Z-4", "investment", "icv_nev", "花都区", Decimal("80000.00"), date(2025, 6, 1),
    )  # fmt: skip
    assert "已转为项目 ZS-Z-4" in response.content.decode()
    lead.refresh_from_db()
    assert lead.project == project
    with pytest.raises(ValidationError, match="已转为项目 ZS-Z-4"):
        lead_to_project(lead=lead, user=city_editor)


def test_the_matrix_shows_a_worked_list_as_in_place(system, city_editor, client_as):
    leads(system, city_editor, "乙公司,谈判,否,,展会,5000,Z-2,智能网联与新能源汽车,,,南沙区,,,,,,,")
    html = client_as(city_editor).get(f"/s/{SLUG}/package/").content.decode()
    assert "运行中（在办 1）" in html
    cell = SupportItem.objects.get(industry__slug="icv_nev", item__key="investment_attraction_list")
    Lead.objects.update(
        updated_at=cell.industry.system.industries.first().history.first().history_date - timedelta(days=400)
    )
    html = client_as(city_editor).get(f"/s/{SLUG}/package/").content.decode()
    assert "运行中（在办 1）" not in html and "已建（1 条）" in html


def test_the_lead_list_shows_the_weak_links_the_leads_fill(system, city_editor, client_as):
    from chanye.enterprises.selectors import chain_stats
    from chanye.industries.models import Industry

    industry = Industry.objects.get(slug="icv_nev")
    rows, _ = chain_stats(industry)
    weak = next(s for s, _, score in rows if score.status in ("缺链", "弱链"))
    leads(
        system,
        city_editor,
        f"乙公司,谈判,否,,展会,5000,Z-2,智能网联与新能源汽车,{weak.name_zh},,南沙区,,,,,,,",
    )
    html = client_as(city_editor).get(f"/s/{SLUG}/lists/leads/?industry=icv_nev").content.decode()
    assert (
        "线索补链：智能网联与新能源汽车 的缺链、弱链环节" in html
        and weak.name_zh in html
        and "<b>1</b>" in html
    )


def test_pages_and_demo(system, cli, viewer, client_as):
    added = lists_demo(system=system, user=cli, today=date(2025, 12, 31))
    assert added > 0 and lists_demo(system=system, user=cli, today=date(2025, 12, 31)) == 0
    client = client_as(viewer)
    for url in (
        "/lists/",
        "/lists/leads/",
        "/lists/transfers/?state=open",
        "/lists/expansions/?industry=icv_nev",
    ):
        response = client.get(f"/s/{SLUG}{url}")
        assert response.status_code == 200 and "演示数据" in response.content.decode(), url
    assert client.get(f"/s/{SLUG}/lists/nope/").status_code == 404
    lead = Lead.objects.first()
    assert client.get(f"/s/{SLUG}/lists/leads/{lead.pk}/").status_code == 200
    assert client.post(f"/s/{SLUG}/lists/leads/{lead.pk}/convert/").status_code in (302, 403)
    assert lists_demo_clear(system=system, user=cli) == added


def test_the_matrix_export_shows_the_derived_list_status(system, city_editor, client_as):
    from io import BytesIO

    from openpyxl import load_workbook

    leads(system, city_editor, "乙公司,谈判,否,,展会,5000,Z-2,智能网联与新能源汽车,,,南沙区,,,,,,,")
    book = load_workbook(BytesIO(client_as(city_editor).get(f"/s/{SLUG}/package/export.xlsx").content))
    sheet = book["完成度矩阵"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "智能网联与新能源汽车")
    assert row[headers.index("3张清单·招商清单")] == "运行中（在办 1）"
    assert row[headers.index("已完成")] >= 1
    detail = [
        r
        for r in book["明细"].iter_rows(min_row=2, values_only=True)
        if r[0] == "智能网联与新能源汽车" and r[2] == "招商清单"
    ]
    assert detail[0][3] == "运行中（在办 1）" and detail[0][7].startswith(
        "按清单自动判定——共 1 条，在办 1 条"
    )


def test_demo_items_have_register_codes_and_whole_names(system, cli):
    from chanye.lists.services import FIRMS
    from chanye.projects.tests.test_projects import _codes_numbered_per_year

    lists_demo(system=system, user=cli, today=date(2025, 12, 31))
    for model, prefix in ((Lead, "YSZS"), (Transfer, "YSKZ"), (Expansion, "YSZK")):
        items = list(model.objects.filter(origin="demo"))
        assert items and _codes_numbered_per_year([x.code for x in items], prefix), model
        assert all(x.code.split("-")[1] == str(x.stage_on.year) for x in items), model
    # A firm is named by a firm word, one whole word of its industry's name, and a suffix.
    forms = {
        i.pk: {f"{firm}{word}{suffix}（演示）" for word in i.name_zh.split("与") for firm in FIRMS for suffix in ("科技有限公司", "股份有限公司")}
        for i in system.industries.exclude(status="pending")
    }  # fmt: skip
    firms = [*Lead.objects.filter(origin="demo"), *Expansion.objects.filter(origin="demo")]
    assert all(x.firm_name in forms[x.industry_id] for x in firms)
    assert any(x.firm_name.endswith("新能源汽车科技有限公司（演示）") for x in firms)
    assert not any("与" in x.firm_name or "超高清视科技" in x.firm_name for x in firms)  # no cut names
    for title, industry in Transfer.objects.filter(origin="demo").values_list("title", "industry__name_zh"):
        word, _, number = title.removeprefix("（演示）").partition("关键技术成果 ")
        assert word in industry.split("与") and number.isdigit(), title
