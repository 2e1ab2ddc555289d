"""Projects: import (all or nothing), stages and stalled rules, funnel and pages, computed 技改 target."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chanye.core.importing import import_register
from chanye.projects.importing import PROJECTS
from chanye.projects.models import Project, ProjectInvestment, StallRule
from chanye.projects.services import named_projects_load, projects_demo, projects_demo_clear
from chanye.targets.models import Target

SLUG = "guangzhou-12218"
HEADER = "项目编号*,项目名称*,类型*,所在区*,产业,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注"


def upload(system, user, *rows, dry_run=False):
    content = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    return import_register(
        register=PROJECTS, system=system, user=user, content=content, file_name="项目.csv", dry_run=dry_run
    )


def actual(code: str) -> Decimal:
    return sum((o.value for o in Target.objects.get(code=code).observations.all()), Decimal(0))


def test_an_import_creates_projects_with_history_and_counts_started_tech_upgrades(
    targets, system, city_editor
):
    out = upload(
        system, city_editor,
        "JG-1,甲厂技改,技改项目,黄埔区,智能网联与新能源汽车,,,,,1200,2025-01-05,,2025-02-10,,,",
        "JG-2,乙厂技改,技改,增城区,,,,,,\"2,500\",2025-03-01,,2025-04-01,2025-12-01,,",
        "JG-3,丙厂技改,技改项目,花都区,,,,,,800,2025-05-01,,,,,",
        "ZD-1,重点项目一,重点项目,南沙区,,,,,张三,500000,2025-01-10,2025-03-01,2025-06-01,,,",
    )  # fmt: skip
    assert (out.ok, out.created) == (True, 4), out.errors
    second = Project.objects.get(code="JG-2")
    assert (second.kind, second.planned_investment, second.stage, second.stage_label, second.phase) == (
        "tech_upgrade",
        Decimal("2500.00"),
        "operating",
        "投产",
        "运营好",
    )
    history = second.history.get()
    assert (history.history_user, history.source) == (city_editor, "import")
    # 2 tech upgrades started in 2025 (JG-3 only signed); the key project does not count
    assert actual("city_tech_upgrade_projects") == 2
    assert (
        Target.objects.get(code="city_tech_upgrade_projects")
        .observations.get(period_end=date(2025, 2, 28))
        .value
        == 1
    )


def test_bad_rows_are_listed_and_nothing_is_written(system, city_editor):
    out = upload(
        system, city_editor,
        "JG-1,甲厂技改,盖楼,黄埔区,,,,,,1200,2025-01-05,,,,,",
        "JG-2,乙厂技改,技改项目,深圳,不存在的产业,91440101MA5ANCU42K,,,,-5,2025-03-01,,,,,",
        "JG-3,丙厂技改,技改项目,花都区,,,,,,800,2025-05-01,2025-04-01,,,,",
        "JG-3,丙厂技改,技改项目,花都区,,,,,,800,2025-05-01,,,,,",
    )  # fmt: skip
    assert [(e["row"], e["column"], e["heading"]) for e in out.errors] == [
        (2, "C", "类型"), (3, "D", "所在区"), (3, "E", "产业"), (3, "F", "企业统一社会信用代码"), (3, "J", "计划总投资（万元）"),
        (4, "L", "供地日期"), (5, "A", "项目编号"),
    ]  # fmt: skip
    messages = [e["message"] for e in out.errors]
    assert messages[3] == "企业登记中没有这个统一社会信用代码：请先导入企业，或留空。"
    assert messages[4] == "应为不小于 0 的数字（万元，可带千分位逗号）。"
    assert messages[5] == "供地日期 2025-04-01 早于签约日期 2025-05-01：请核对。"
    assert not Project.objects.exists() and not Project.history.exists()


def test_a_dry_run_and_a_reimport_change_nothing(system, city_editor):
    row = "JG-1,甲厂技改,技改项目,黄埔区,,,,,,1200,2025-01-05,,,,,"
    assert (upload(system, city_editor, row, dry_run=True).created, Project.objects.count()) == (1, 0)
    upload(system, city_editor, row)
    again = upload(system, city_editor, row)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    moved = upload(system, city_editor, "JG-1,甲厂技改,技改项目,黄埔区,,,,,,1200,2025-01-05,,2025-03-01,,,")
    assert (moved.updated, Project.objects.get().stage) == (1, "started")
    assert [h.history_type for h in Project.history.order_by("history_id")] == ["+", "~"]


def test_stalled_projects_follow_the_rules_of_the_system(system, city_editor, client_as):
    today = date.today()
    upload(
        system, city_editor,
        f"A-1,久签未供,重点项目,黄埔区,,,,,,100,{today - timedelta(days=200)},,,,,",
        f"A-2,新签,重点项目,黄埔区,,,,,,100,{today - timedelta(days=20)},,,,,",
        f"A-3,久未开工,重点项目,天河区,,,,,,100,{today - timedelta(days=400)},{today - timedelta(days=300)},,,,",
    )  # fmt: skip
    client = client_as(city_editor)
    html = client.get(f"/s/{SLUG}/projects/stalled/").content.decode()
    assert "久签未供" in html and "久未开工" in html and "新签" not in html
    assert "签约未供地超过 180 天" in html
    StallRule.objects.create(system=system, rule="signed_no_land", days=365)
    html = client.get(f"/s/{SLUG}/projects/stalled/").content.decode()
    assert "久签未供" not in html and "签约未供地超过 365 天" in html
    listed = client.get(f"/s/{SLUG}/projects/?stalled=1").content.decode()
    assert "共 1 个项目" in listed and "供地未开工 300 天" in listed


def test_the_funnel_counts_stages_reached_per_industry(system, city_editor, client_as):
    upload(
        system, city_editor,
        "F-1,一,重点项目,黄埔区,智能网联与新能源汽车,,,,,1,2025-01-01,,,,,",
        "F-2,二,重点项目,黄埔区,智能网联与新能源汽车,,,,,1,2025-01-01,2025-02-01,2025-03-01,,,",
        "F-3,三,重点项目,天河区,人工智能,,,,,1,2025-01-01,2025-02-01,,,,",
    )  # fmt: skip
    from chanye.projects.selectors import funnels

    overall, groups = funnels(system, "industry")
    assert [s.reached for s in overall] == [3, 2, 1, 0, 0]
    assert {name: [s.reached for s in steps] for name, _, steps in groups} == {
        "智能网联与新能源汽车": [2, 1, 1, 0, 0],
        "人工智能": [1, 1, 0, 0, 0],
    }
    html = client_as(city_editor).get(f"/s/{SLUG}/projects/funnel/?by=district").content.decode()
    assert "黄埔区" in html and "67%" in html  # 签约 3 → 供地 2


def test_the_project_page_shows_stages_investment_and_history(system, city_editor, client_as):
    upload(
        system, city_editor, "P-1,示范项目,重点项目,黄埔区,,,,,李四,3000,2025-01-01,2025-02-01,2025-03-01,,,"
    )
    project = Project.objects.get()
    ProjectInvestment.objects.create(
        project=project, year=2025, month=3, planned=Decimal(500), completed=Decimal(450)
    )
    html = client_as(city_editor).get(project.get_absolute_url()).content.decode()
    assert (
        "示范项目" in html
        and "建得快" in html
        and "2025-03-01" in html
        and "450.00 万元" in html
        and "李四" in html
    )
    assert "investment-chart" in html


def test_the_export_and_template(system, city_editor, client_as):
    upload(system, city_editor, "P-1,示范项目,重点项目,黄埔区,,,,,,3000,2025-01-01,,,,,")
    client = client_as(city_editor)
    book = load_workbook(BytesIO(client.get(f"/s/{SLUG}/projects/export.xlsx").content))
    rows = list(book["项目"].iter_rows(values_only=True))
    assert rows[1][:4] == ("P-1", "示范项目", "重点项目", "黄埔区") and rows[1][18:20] == ("签约", "招得来")
    assert rows[0][18:20] == ("当前阶段（只读）", "对应（只读）")
    template = load_workbook(BytesIO(client.get(f"/s/{SLUG}/projects/template.xlsx").content))
    expected = HEADER.split(",")
    expected.insert(5, "产业链环节")  # optional: the tests' files leave it out
    assert [c.value for c in template["项目"][1]] == expected


def test_named_projects_and_demo_projects(targets, system, cli, viewer, client_as):
    assert named_projects_load(system=system, user=cli) == 6
    assert Project.objects.get(code="S00-P02").source_quote == "采埃孚汽车电子工厂投产"
    assert Project.objects.get(code="S00-P02").stage_label == "阶段未登记"
    added = projects_demo(system=system, user=cli, today=date(2025, 12, 31))
    assert added == 840 and projects_demo(system=system, user=cli, today=date(2025, 12, 31)) == 0
    assert ProjectInvestment.objects.exists()
    computed = Target.objects.get(code="city_tech_upgrade_projects").observations.all()
    assert actual("city_tech_upgrade_projects") > 100 and all(o.demo_inputs for o in computed)
    html = client_as(viewer).get(f"/s/{SLUG}/projects/").content.decode()
    assert "演示数据" in html and "共 846 个项目" in html
    assert projects_demo_clear(system=system, user=cli) == 840 and Project.objects.count() == 6


@pytest.mark.parametrize(
    "url", ["/projects/", "/projects/funnel/", "/projects/stalled/", "/projects/funnel/?by=district&kind=key"]
)
def test_empty_pages_render_for_a_viewer(system, viewer, client_as, url):
    assert client_as(viewer).get(f"/s/{SLUG}{url}").status_code == 200


def test_monthly_investment_imports_against_registered_projects(system, city_editor, client_as):
    from chanye.projects.importing import INVESTMENTS

    upload(
        system,
        city_editor,
        "P-1,示范项目,重点项目,黄埔区,智能网联与新能源汽车,,,,,3000,2025-01-01,,2025-02-01,,,",
    )
    header = "项目编号*,年*,月*,计划投资（万元）,完成投资（万元）"

    def invest(*rows):
        return import_register(
            register=INVESTMENTS,
            system=system,
            user=city_editor,
            file_name="投资.csv",
            dry_run=False,
            content=("\n".join([header, *rows]) + "\n").encode(),
        )

    out = invest("P-1,2025,2,500,450", 'P-1,2025,3,500,"1,200"')
    assert (out.ok, out.created) == (True, 2), out.errors
    march = ProjectInvestment.objects.get(month=3)
    assert (march.completed, march.origin, march.import_row, march.history.get().history_user) == (
        Decimal("1200.00"),
        "import",
        3,
        city_editor,
    )
    again = invest("P-1,2025,3,500,1300")
    assert (again.updated, ProjectInvestment.objects.get(month=3).completed) == (1, Decimal("1300.00"))
    bad = invest("P-9,2025,3,500,1", "P-1,2025,13,500,1", "P-1,二五,1,,")
    assert [(e["row"], e["column"], e["message"]) for e in bad.errors] == [
        (2, "A", "项目库中没有这个项目编号：请先导入项目。"), (3, "C", "应为 1–12 之间的整数。"), (4, "B", "应为 2000–2100 之间的整数。"),
    ]  # fmt: skip
    assert ProjectInvestment.objects.count() == 2
    html = client_as(city_editor).get(f"/s/{SLUG}/projects/investments/").content.decode()
    assert "项目分月投资" in html and "投资.csv 第 2 行" in html


def test_a_project_row_can_name_its_chain_segment(system, city_editor):
    from chanye.industries.models import ChainSegment

    segment = ChainSegment.objects.filter(industry__slug="icv_nev").first()
    header = "项目编号*,项目名称*,类型*,所在区*,产业,产业链环节,企业统一社会信用代码,所在园区,产业办,服务市领导,计划总投资（万元）,签约日期,供地日期,开工日期,投产日期,达产日期,备注"
    content = f"{header}\nS-1,环节项目,重点项目,黄埔区,智能网联与新能源汽车,{segment.name_zh},,,,,100,2025-01-01,,,,,\n".encode()
    out = import_register(
        register=PROJECTS,
        system=system,
        user=city_editor,
        content=content,
        file_name="项目.csv",
        dry_run=False,
    )
    assert out.ok, out.errors
    assert Project.objects.get(code="S-1").segment == segment


def _codes_numbered_per_year(codes: list[str], prefix: str) -> bool:
    """Codes like a register's ("YSXM-2025-0007"): YS = 演示, then the year and 1, 2, 3 … per year."""
    by_year: dict[str, list[int]] = {}
    for code in codes:
        head, year, number = code.split("-")
        assert head == prefix and len(year) == 4 and len(number) == 4, code
        by_year.setdefault(year, []).append(int(number))
    return all(sorted(n) == list(range(1, len(n) + 1)) for n in by_year.values())


def test_demo_projects_have_register_codes_and_whole_names(system, cli):
    from chanye.projects.services import DEMO_CODE_PREFIX, NAMES

    projects_demo(system=system, user=cli, today=date(2025, 12, 31))
    demo = list(Project.objects.filter(origin="demo").select_related("industry", "district"))

    assert DEMO_CODE_PREFIX == "YSXM" and _codes_numbered_per_year([p.code for p in demo], "YSXM")
    assert all(p.code.split("-")[1] == str(p.signed_on.year) for p in demo)  # the year it was signed
    assert {p.code.split("-")[1] for p in demo} == {"2024", "2025"}
    # Every name is composed of whole parts: district, the industry's full name, the kind of project.
    for p in demo:
        assert p.name == f"{p.district.name_zh.removesuffix('区')}{p.industry.name_zh}{NAMES[p.kind]}（演示）"
    assert any("未来网络与量子科技" in p.name for p in demo)
    assert not any("量智能化" in p.name or "_" in p.code for p in demo)


def test_demo_names_fall_back_to_a_shorter_whole_form_never_a_cut_one():
    from chanye.places.demo import fitting

    # Project.name holds 200 characters.
    long_form, short_form = "甲" * 201, "乙项目（演示）"
    assert fitting(Project, "name", long_form, short_form) == short_form
    assert fitting(Project, "name", "丙" * 200, short_form) == "丙" * 200
