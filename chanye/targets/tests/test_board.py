"""The target board: filters, sorting and the Excel export."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from chanye.accounts.models import SecurityEvent
from chanye.core.tests.utils import assert_status, run_demo
from chanye.targets.exports import HEADERS
from chanye.targets.models import Observation, Target
from chanye.targets.services import observation_record

from .helpers import SLUG, board_codes, board_rows, file_codes, file_targets, month_ends

BOARD = f"/s/{SLUG}/targets/"
EXPORT = f"/s/{SLUG}/targets/export.xlsx"


@pytest.fixture
def some_actuals(targets, city_editor):
    """正常 for the city's 技改 target, 未达成 for 海珠's 康鹭 demolition (35 万㎡ due 2025-06-30, 20 done)."""
    tech = Target.objects.get(code="city_tech_upgrade_projects")
    for period_end in month_ends(2025, 1, 6):
        observation_record(user=city_editor, target=tech, period_end=period_end, value=80)
    kanglu = Target.objects.get(code="haizhu_kanglu_demolition_phase1")
    observation_record(user=city_editor, target=kanglu, period_end=date(2025, 6, 30), value=20)
    return tech, kanglu


@pytest.mark.parametrize(
    "query, expected",
    [
        ("owner=city", file_codes(owner="city")),
        ("district=440105", [c for c in file_codes() if c.startswith("haizhu_")]),
        ("district=440106", ["tianhe_innovation_carriers_3yr", "tianhe_industrial_factory_space_3yr"]),
        (
            "industry=artificial_intelligence",
            [t["code"] for t in file_targets() if "artificial_intelligence" in t["industries"]],
        ),
        ("deadline_year=none", file_codes(deadline=None)),
        ("deadline_year=2027", ["tianhe_innovation_carriers_3yr", "tianhe_industrial_factory_space_3yr"]),
        (
            "owner=district&industry=artificial_intelligence",
            [c for c in file_codes() if c.startswith("haizhu_llm") or c == "haizhu_ngit_services_growth"],
        ),
        ("owner=office", []),
    ],
)
def test_the_board_filters_by_owner_district_industry_and_deadline_year(
    targets, viewer, client_as, query, expected
):
    response = client_as(viewer).get(f"{BOARD}?on=2025-06-30&{query}")

    assert_status(response, 200)
    assert board_codes(response) == expected
    assert f"共 {len(expected)} 个目标。" in response.content.decode()


def test_the_filter_counts_match_the_file():
    assert len(file_codes(owner="city")) == 9
    assert len(file_codes(owner="district:440105")) == 8
    assert len(file_codes(deadline=None)) == 21
    assert len([t for t in file_targets() if "artificial_intelligence" in t["industries"]]) == 5


def test_the_board_filters_by_status(some_actuals, viewer, client_as):
    client = client_as(viewer)

    on_track = client.get(f"{BOARD}?on=2025-09-30&status=正常")
    missed = client.get(f"{BOARD}?on=2025-09-30&status=未达成")
    no_data = client.get(f"{BOARD}?on=2025-09-30&status=无数据")

    # On 2025-09-30 the 技改 target has 480 of a planned 1000 × 272/364 = 747: 64%, 滞后.
    assert board_codes(on_track) == []
    assert board_codes(missed) == ["haizhu_kanglu_demolition_phase1"]
    assert len(board_codes(no_data)) == 43
    assert board_codes(client.get(f"{BOARD}?on=2025-09-30&status=滞后")) == ["city_tech_upgrade_projects"]
    assert board_codes(client.get(f"{BOARD}?on=2025-06-30&status=正常")) == ["city_tech_upgrade_projects"]


def test_the_board_sorts_by_deadline_with_the_unconfirmed_last(targets, viewer, client_as):
    response = client_as(viewer).get(f"{BOARD}?on=2025-06-30&sort=deadline")

    assert_status(response, 200)
    by_code = dict(Target.objects.values_list("code", "deadline"))
    deadlines = [by_code[code] for code in board_codes(response)]
    dated = [d for d in deadlines if d is not None]
    assert deadlines == dated + [None] * 21
    assert dated == sorted(dated)
    assert (dated[0], dated[-1]) == (date(2025, 6, 30), date(2035, 12, 31))
    assert board_codes(response)[0] == "haizhu_kanglu_demolition_phase1"


def test_the_board_sorts_by_status_worst_first(some_actuals, viewer, client_as):
    response = client_as(viewer).get(f"{BOARD}?on=2025-09-30&sort=status")

    assert [status for _, status in board_rows(response)][:3] == ["未达成", "滞后", "无数据"]
    assert board_codes(response)[:2] == ["haizhu_kanglu_demolition_phase1", "city_tech_upgrade_projects"]


def test_the_board_with_htmx_returns_only_the_table(targets, viewer, client_as):
    response = client_as(viewer).get(f"{BOARD}?on=2025-06-30&owner=city", headers={"HX-Request": "true"})

    assert_status(response, 200)
    assert [t.name for t in response.templates][0] == "targets/_board_table.html"
    assert "<h1>目标看板</h1>" not in response.content.decode()
    assert board_codes(response) == file_codes(owner="city")


# ---------------------------------------------------------------- Excel export


def workbook(response):
    return load_workbook(BytesIO(response.content))


def test_the_export_has_the_header_and_one_row_per_target(some_actuals, viewer, client_as):
    response = client_as(viewer).get(f"{EXPORT}?on=2025-06-30")

    assert_status(response, 200)
    assert response["Content-Disposition"] == f"attachment; filename*=UTF-8''{SLUG}-targets-2025-06-30.xlsx"
    sheet = workbook(response)["目标看板"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS == [
        "代码", "责任主体", "指标", "目标", "期限", "最新实际值", "截至", "计划值", "状态", "人工", "可能性",
        "预测期末值", "每月还需", "指标单位", "数据性质", "原文", "来源",
    ]  # fmt: skip
    assert len(rows) == 46
    assert [r[0] for r in rows[1:]] == file_codes()
    tech = dict(zip(HEADERS, rows[1], strict=True))
    assert (tech["责任主体"], tech["目标"], tech["期限"].date(), tech["最新实际值"], tech["计划值"], tech["状态"], tech["数据性质"], tech["原文"]) == (
        "全市", "≥ 1,000 个（以上）", date(2025, 12, 31), 480, 494.5055, "正常", "实际填报", "推动实施技改项目1000个以上",
    )  # fmt: skip
    unconfirmed = dict(
        zip(HEADERS, rows[1 + file_codes().index("city_benchmark_industrial_parks")], strict=True)
    )
    assert (unconfirmed["期限"], unconfirmed["状态"], unconfirmed["数据性质"]) == ("待确认", "无数据", None)


def test_the_export_follows_the_board_filters_and_logs_a_security_event(targets, viewer, client_as):
    response = client_as(viewer).get(f"{EXPORT}?on=2025-06-30&district=440105")

    assert_status(response, 200)
    book = workbook(response)
    assert [r[0] for r in book["目标看板"].iter_rows(min_row=2, values_only=True)] == [
        c for c in file_codes() if c.startswith("haizhu_")
    ]
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert (notes["评估日期"], notes["筛选"]) == ("2025-06-30", "district=440105")
    assert "演示数据" not in notes
    assert list(SecurityEvent.objects.filter(kind="export").values_list("username", "detail")) == [
        ("viewer", f"目标看板 {SLUG}")
    ]


def test_the_export_marks_demo_rows_as_demo_data(system, targets, viewer, client_as):
    run_demo(system, "places", "projects", "lists", "targets", today="2025-09-30")

    response = client_as(viewer).get(f"{EXPORT}?on=2025-09-30")

    assert_status(response, 200)
    book = workbook(response)
    rows = [
        dict(zip(HEADERS, r, strict=True)) for r in book["目标看板"].iter_rows(min_row=2, values_only=True)
    ]
    assert len(rows) == 45
    # Every target reading a series with demo values is demo: the 2030 budget-share goal reads
    # the values made up through its 2025 sibling.
    invented = set(Observation.objects.filter(origin="demo").values_list("series__targets__code", flat=True))
    from_demo_records = set(
        Observation.objects.filter(demo_inputs=True).values_list("series__targets__code", flat=True)
    )
    with_demo = invented | from_demo_records
    computed = set(Target.objects.exclude(computation="").values_list("code", flat=True))
    assert {r["代码"] for r in rows if r["数据性质"] == "演示数据"} == with_demo
    assert {r["数据性质"] for r in rows if r["代码"] not in with_demo and r["代码"] not in computed} == {None}
    assert {r["数据性质"] for r in rows if r["代码"] in computed - with_demo} <= {"记录计算", None}
    assert len(invented) == 14 and from_demo_records and from_demo_records <= computed
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert notes["演示数据"] == "“数据性质”为演示数据的行由 chanye demo 随机生成，不代表真实进展。"
    # Every demo target has an actual, but the 每年提高 share: one demo year-end gives no change yet.
    assert [r["代码"] for r in rows if r["代码"] in invented and r["最新实际值"] is None] == [
        "city_budget_industry_share_annual_increase"
    ]
    assert Decimal(str(rows[0]["最新实际值"])) == sum(
        Observation.objects.filter(target__code="city_tech_upgrade_projects").values_list("value", flat=True)
    )


def test_board_rows_follow_a_district_rename_and_a_new_quote(
    system, targets, cli, shipped_definition, viewer, client_as
):
    """Rows are rendered with their snapshots; a definition load that changes them drops the snapshots."""
    from chanye.core.history import SOURCE_CLI
    from chanye.systems.services import system_load
    from chanye.targets.definition import parse_targets
    from chanye.targets.selectors import known_refs
    from chanye.targets.services import targets_load

    from .helpers import board_row_html, shipped_text

    client = client_as(viewer)
    before = board_row_html(client.get(BOARD), "tianhe_innovation_carriers_3yr")
    assert before.startswith('<td class="nowrap">天河区</td>')
    renamed = shipped_definition.model_copy(deep=True)
    next(d for d in renamed.districts if d.code == "440106").name_zh = "天河新区"
    system_load(definition=renamed, user=cli, source=SOURCE_CLI)
    assert board_row_html(client.get(BOARD), "tianhe_innovation_carriers_3yr").startswith(
        '<td class="nowrap">天河新区</td>'
    )

    quote = file_targets(code="city_tech_upgrade_projects")[0]["quote"]
    text = shipped_text().replace(f"quote: {quote}", f"quote: {quote}。")
    targets_load(
        definition=parse_targets(text, known_refs(system)), system=system, user=cli, source=SOURCE_CLI
    )
    assert f"“{quote}。”" in board_row_html(client.get(BOARD), "city_tech_upgrade_projects")


def test_board_counts_are_never_served_stale_from_the_cache(targets, viewer, city_editor, client_as):
    client = client_as(viewer)
    url = BOARD + "?on=2025-06-30"
    before = client.get(url).context["counts"]
    assert client.get(url).context["counts"] == before  # served from the cache this time
    tech = Target.objects.get(code="city_tech_upgrade_projects")
    observation_record(user=city_editor, target=tech, period_end=date(2025, 6, 30), value=1000)
    after = client.get(url).context["counts"]
    assert after["已达成"] == before["已达成"] + 1
    assert after["无数据"] == before["无数据"] - 1
    Observation.objects.filter(target=tech).delete()
    assert client.get(url).context["counts"] == before


def test_the_filter_form_keeps_the_chosen_options(targets, viewer, client_as):
    html = client_as(viewer).get(BOARD + "?district=440106&deadline_year=none&status=无数据").content.decode()
    assert '<option value="440106" selected>天河区</option>' in html
    assert '<option value="440105">海珠区</option>' in html
    assert '<option value="none" selected>待确认</option>' in html
    assert '<option value="无数据" selected>无数据</option>' in html
    years = sorted({t["deadline"].year for t in file_targets() if t.get("deadline")})
    assert all(f'<option value="{y}">{y} 年</option>' in html for y in years)


def test_the_export_writes_goals_as_plain_text_and_figures_as_numbers(system, targets, viewer, client_as):
    book = workbook(client_as(viewer).get(f"{EXPORT}?on=2025-06-30"))
    cells = [c for row in book["目标看板"].iter_rows(min_row=2) for c in row]
    assert not [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(("'", "="))]
    goals = {r[0].value: r[3].value for r in book["目标看板"].iter_rows(min_row=2)}
    assert goals["city_benchmark_industrial_parks"] == "10 个"
    assert goals["city_new_industrial_land_2025"] == "> 10 平方公里（约 15,000 亩）（超）"
