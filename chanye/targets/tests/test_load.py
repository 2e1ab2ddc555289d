"""Loading a targets file: the shipped Guangzhou targets, reloads, quotes, units, and broken files."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chanye.analytics.units import convert
from chanye.core.tests.utils import history_counts, history_total
from chanye.targets.models import Indicator, Milestone, Target
from conftest import SHIPPED_TARGETS_FILE

from .helpers import ARTICLE_FILE, file_codes, file_targets, shipped, shipped_text, target_counts

DISTRICT_CODES = "440103、440104、440105、440106、440111、440112、440113、440114、440115、440117、440118"


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def line_after(text: str, anchor: str, fragment: str) -> int:
    """1-based line of the first `fragment` at or after the line holding `anchor` (which must be unique)."""
    lines = text.splitlines()
    [start] = [n for n, line in enumerate(lines) if anchor in line]
    return next(n for n in range(start, len(lines)) if fragment in lines[n]) + 1


def target_index(code: str) -> int:
    return file_codes().index(code)


# ---------------------------------------------------------------- the shipped file


def test_the_shipped_file_loads_45_targets_5_milestones_and_44_indicators(targets, system):
    assert (
        targets.summary()
        == "已载入「广州市“12218”现代化产业体系」：新增 指标 44、目标 45、节点任务 5；更新 无；删除 无。"
    )
    assert Target.objects.filter(system=system).count() == 45
    assert Milestone.objects.filter(system=system).count() == 5
    assert Indicator.objects.filter(system=system).count() == 44
    assert list(Target.objects.filter(system=system).values_list("code", flat=True)) == file_codes()
    assert history_counts()["targets.HistoricalTarget"] == 45
    assert history_counts()["targets.HistoricalMilestone"] == 5
    assert history_counts()["targets.HistoricalIndicator"] == 44


def test_loading_the_shipped_file_again_writes_no_history_rows(targets):
    counts_before, history_before = target_counts(), history_total()
    out = StringIO()

    call_command("targets", "load", str(SHIPPED_TARGETS_FILE), stdout=out)

    assert out.getvalue().strip() == "「广州市“12218”现代化产业体系」已是最新，没有任何变更。"
    assert target_counts() == counts_before
    assert history_total() == history_before


def test_the_load_command_loads_the_shipped_file_with_the_cli_user(bare_system, cli):
    out = StringIO()

    call_command("targets", "load", str(SHIPPED_TARGETS_FILE), stdout=out)

    assert (
        out.getvalue().strip()
        == "已载入「广州市“12218”现代化产业体系」：新增 指标 44、目标 45、节点任务 5；更新 无；删除 无。"
    )
    rows = Target.history.all()
    assert rows.count() == 45
    assert {(r.history_user, r.source, r.history_type) for r in rows} == {(cli, "cli", "+")}


def test_every_target_and_milestone_quote_appears_verbatim_in_the_article():
    article = ARTICLE_FILE.read_text(encoding="utf-8")
    quotes = [(t["code"], t["quote"]) for t in shipped()["targets"]] + [
        (m["code"], m["quote"]) for m in shipped()["milestones"]
    ]

    missing = [code for code, quote in quotes if quote not in article]

    assert len(quotes) == 50
    assert all(
        source == "S00"
        for source in [t["source"] for t in shipped()["targets"]]
        + [m["source"] for m in shipped()["milestones"]]
    )
    assert missing == []


def test_the_loaded_quotes_are_the_ones_in_the_file(targets, system):
    loaded = dict(Target.objects.filter(system=system).values_list("code", "quote"))
    loaded_milestones = dict(Milestone.objects.filter(system=system).values_list("code", "quote"))

    assert loaded == {t["code"]: t["quote"] for t in shipped()["targets"]}
    assert loaded_milestones == {m["code"]: m["quote"] for m in shipped()["milestones"]}


@pytest.mark.parametrize(
    "code, value, unit, indicator_unit, value_std",
    [
        (
            "city_new_industrial_land_2025",
            "10",
            "平方公里",
            "亩",
            "15000",
        ),  # 10 km² = 1.5万亩, as the article says
        ("nansha_industrial_land_offered", "1.5", "万亩", "亩", "15000"),
        ("liwan_carrier_area_started_2025", "443", "万㎡", "万平方米", "443"),
        ("huadu_new_industrial_space_2025", "158", "万方", "万平方米", "158"),
        ("city_tech_upgrade_projects", "1000", "个", "个", "1000"),
        ("yuexiu_resettlement_housing_starts", "2000", "套", "套", "2000"),
        (
            "city_budget_industry_share_annual_increase",
            "1",
            "个百分点",
            "%",
            "1",
        ),  # 每年提高 1 个百分点 of a share in %
    ],
)
def test_values_and_units_are_kept_as_written_and_value_std_is_in_the_indicator_unit(
    targets, system, code, value, unit, indicator_unit, value_std
):
    target = Target.objects.select_related("indicator").get(system=system, code=code)

    assert (target.value, target.unit) == (Decimal(value), unit)
    assert target.indicator.unit == indicator_unit
    assert target.value_std == Decimal(value_std)


def test_value_std_of_the_new_industrial_land_is_the_unit_conversion(targets, system):
    target = Target.objects.select_related("indicator").get(
        system=system, code="city_new_industrial_land_2025"
    )

    assert target.value_std == convert(Decimal(10), "平方公里", target.indicator.unit) == Decimal(15000)
    assert str(target) == "新增工业用地面积 > 10 平方公里（约 15,000 亩）"


def test_targets_without_a_confirmed_deadline_or_without_any_deadline_are_loaded_and_counted(targets, system):
    loaded = Target.objects.filter(system=system)
    without_deadline = loaded.filter(deadline__isnull=True)
    unconfirmed = loaded.filter(deadline_confirmed=False)

    assert without_deadline.count() == len(file_targets(deadline=None)) == 21
    assert unconfirmed.count() == len(file_targets(deadline_confirmed=False)) == 22
    # Every target without a deadline is unconfirmed; one has a deadline inferred from the context.
    assert list(unconfirmed.exclude(deadline__isnull=True).values_list("code", "deadline")) == [
        ("city_tech_upgrade_projects", Target.objects.get(code="city_tech_upgrade_projects").deadline)
    ]
    assert str(Target.objects.get(code="city_tech_upgrade_projects").deadline) == "2025-12-31"
    assert set(without_deadline.values_list("trajectory", flat=True)) == {"none"}


def test_approximate_targets_get_their_tolerance(targets, system):
    tolerances = dict(
        Target.objects.filter(system=system, approximate=True).values_list("code", "tolerance_pct")
    )

    assert tolerances == {
        "yuexiu_biomed_cluster_scale": Decimal(10),
        "haizhu_digital_marketing_cluster": Decimal(10),
        "haizhu_digital_entertainment_cluster": Decimal(10),
        "baiyun_industrial_output_growth_2025": Decimal(5),
        "baiyun_industrial_investment_growth_2025": Decimal(5),
        "huadu_vc_group": Decimal(10),
    }
    assert set(
        Target.objects.filter(system=system, approximate=False).values_list("tolerance_pct", flat=True)
    ) == {Decimal(0)}


def test_owners_link_to_districts_and_industries(targets, system):
    kanglu = Target.objects.get(system=system, code="haizhu_kanglu_demolition_phase1")
    ngit = Target.objects.get(system=system, code="haizhu_ngit_services_growth")
    demo_axis = Milestone.objects.get(system=system, code="haizhu_new_axis_green_axis_demo")

    assert (kanglu.owner_kind, kanglu.district.code, kanglu.owner_label) == ("district", "440105", "海珠区")
    assert sorted(ngit.industries.values_list("slug", flat=True)) == [
        "artificial_intelligence",
        "software_internet",
    ]
    assert (demo_axis.district.code, str(demo_axis.due_date), demo_axis.done) == (
        "440105",
        "2025-11-08",
        False,
    )
    assert Target.objects.filter(system=system, owner_kind="city").count() == 9


# ---------------------------------------------------------------- broken files


BROKEN = {
    "another system": (
        [("\nsystem: guangzhou-12218\n", "\nsystem: shenzhen\n")],
        "system: shenzhen",
        "system: shenzhen",
        "system",
        "文件属于体系「shenzhen」，而载入目标是「guangzhou-12218」。请先载入该体系，或改正 system。",
    ),
    # kind: (replacements, anchor, fragment to find the reported line, YAML path, message)
    "unknown indicator": (
        [
            (
                "    indicator: budget_industry_share\n    owner: city\n    owner_body_zh: 广州市(资金要素支持)\n    industries: []\n    measures: []\n    kind: long_range",
                "    indicator: budget_share\n    owner: city\n    owner_body_zh: 广州市(资金要素支持)\n    industries: []\n    measures: []\n    kind: long_range",
            )
        ],
        "code: city_budget_industry_share_2030",
        "indicator: budget_share",
        f"targets[{target_index('city_budget_industry_share_2030')}].indicator",
        "引用了未定义的指标「budget_share」。请在 indicators 中定义它。",
    ),
    "unknown district code as owner": (
        [
            (
                "    indicator: innovation_carrier_area_built_or_upgraded\n    owner: district:440106",
                "    indicator: innovation_carrier_area_built_or_upgraded\n    owner: district:440199",
            )
        ],
        "code: tianhe_innovation_carriers_3yr",
        "owner: district:440199",
        f"targets[{target_index('tianhe_innovation_carriers_3yr')}].owner",
        f"没有行政区划代码为「440199」的区。可选：{DISTRICT_CODES}。",
    ),
    "unknown industry slug": (
        [("    industries: [new_energy_storage]", "    industries: [new_energy_storge]")],
        "code: city_energy_storage_parks",
        "industries: [new_energy_storge]",
        f"targets[{target_index('city_energy_storage_parks')}].industries[0]",
        "引用了未定义的产业「new_energy_storge」。",
    ),
    "quote not in the article": (
        [("quote: 推动实施技改项目1000个以上", "quote: 推动实施技改项目2000个以上")],
        "code: city_tech_upgrade_projects",
        "quote: 推动实施技改项目2000个以上",
        "targets[0].quote",
        "原文引语在来源 S00 的原文中找不到，必须逐字摘录：「推动实施技改项目2000个以上」。",
    ),
    "incompatible unit": (
        [("    value: 10\n    unit: 平方公里", "    value: 10\n    unit: 亿元")],
        "code: city_new_industrial_land_2025",
        "unit: 亿元",
        "targets[1].unit",
        "单位「亿元」不能换算为指标「新增工业用地面积」的单位「亩」。",
    ),
    "unknown unit": (
        [("    value: 10\n    unit: 平方公里", "    value: 10\n    unit: 公顷")],
        "code: city_new_industrial_land_2025",
        "unit: 公顷",
        "targets[1].unit",
        "不认识的单位「公顷」。可用单位见 docs/targets-definition.md。",
    ),
    "growth rate target without growth_rate_pct": (
        [("    growth_rate_pct: 15\n", "")],
        "code: conghua_industrial_tech_upgrade_investment_growth_2025",
        "code: conghua_industrial_tech_upgrade_investment_growth_2025",
        f"targets[{target_index('conghua_industrial_tech_upgrade_investment_growth_2025')}].growth_rate_pct",
        "增速目标需要 growth_rate_pct（如 10 表示同比增长 10%）。",
    ),
    "trajectory without a deadline": (
        [
            (
                "    deadline: null\n    deadline_confirmed: false\n    trajectory: none\n    quote: 市区协同建设10个特色标杆工业园",
                "    deadline: null\n    deadline_confirmed: false\n    trajectory: linear\n    quote: 市区协同建设10个特色标杆工业园",
            )
        ],
        "code: city_benchmark_industrial_parks",
        "deadline: null",
        "targets[2].deadline",
        "没有期限的目标不能有轨迹：请填写 deadline，或把 trajectory 设为 none。",
    ),
    "unused indicator": (
        [
            (
                "    unit: 个\n    direction: increase\n    aggregation: sum\n    additive: true\n\n# ----",
                "    unit: 个\n    direction: increase\n    aggregation: sum\n    additive: true\n  - code: spare_parks\n    name_zh: 备用园区数量\n    unit: 个\n\n# ----",
            )
        ],
        "code: spare_parks",
        "code: spare_parks",
        "indicators[44].code",
        "指标「spare_parks」没有被任何目标使用。请删除或补充目标。",
    ),
    "two targets of one series that disagree on their computation": (
        [
            (
                "  - code: city_budget_industry_share_2030\n    indicator: budget_industry_share\n",
                "  - code: city_budget_industry_share_2030\n    indicator: budget_industry_share\n    computation: support_items_done\n",
            )
        ],
        "code: city_budget_industry_share_2030",
        "computation: support_items_done",
        f"targets[{target_index('city_budget_industry_share_2030')}].computation",
        "与目标「city_budget_industry_share_annual_increase」是同一指标、同一责任主体，实际值是同一组数据，计算规则必须相同（现为「support_items_done」与「手工填报」）。",
    ),
    "milestone owned by an unknown office": (
        [
            (
                "  - code: nansha_new_energy_vehicle_project\n    owner: district:440115",
                "  - code: nansha_new_energy_vehicle_project\n    owner: office:office_space",
            )
        ],
        "code: nansha_new_energy_vehicle_project",
        "owner: office:office_space",
        "milestones[4].owner",
        "没有产业办「office_space」。可选：office_ai、office_biomed_health、office_display_ic、office_icv_nev、office_low_altitude。",
    ),
}


@pytest.mark.parametrize("kind", list(BROKEN))
def test_a_broken_file_is_refused_with_line_path_and_message_and_changes_nothing(bare_system, tmp_path, kind):
    replacements, anchor, fragment, path, message = BROKEN[kind]
    text = edited(shipped_text(), *replacements)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    line = line_after(text, anchor, fragment)
    counts_before, history_before = target_counts(), history_total()

    with pytest.raises(CommandError) as caught:
        call_command("targets", "load", str(broken))

    assert (
        str(caught.value)
        == f"{broken}：发现 1 个问题，数据库未做任何改动：\n  - 第 {line} 行 {path}：{message}"
    )
    assert target_counts() == counts_before == {
        "targets.Indicator": 0, "targets.Target": 0, "targets.Milestone": 0, "targets.Observation": 0,
    }  # fmt: skip
    assert history_total() == history_before


def test_a_duplicate_target_code_is_refused_naming_both_lines(bare_system, tmp_path):
    text = edited(
        shipped_text(),
        ("  - code: city_energy_storage_parks\n", "  - code: city_benchmark_industrial_parks\n"),
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    lines = [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if line == "  - code: city_benchmark_industrial_parks"
    ]
    history_before = history_total()

    with pytest.raises(CommandError) as caught:
        call_command("targets", "load", str(broken))

    assert len(lines) == 2
    assert str(caught.value) == (
        f"{broken}：发现 1 个问题，数据库未做任何改动：\n"
        f"  - 第 {lines[1]} 行 targets[3].code：目标代码「city_benchmark_industrial_parks」重复（第 {lines[0]} 行已定义）。每个目标代码只能出现一次。"
    )
    assert Target.objects.count() == 0
    assert history_total() == history_before


def test_a_broken_file_does_not_touch_targets_already_loaded(targets, system, tmp_path):
    text = edited(
        shipped_text(),
        (
            "    value: 1000\n    unit: 个\n    qualifier_zh: 以上\n    approximate: false\n    deadline: 2025-12-31",
            "    value: 1200\n    unit: 个\n    qualifier_zh: 以上\n    approximate: false\n    deadline: 2025-12-31",
        ),  # a valid edit…
        (
            "quote: 4个生物医药价值园等专业化园区",
            "quote: 5个生物医药价值园等专业化园区",
        ),  # …next to a broken one
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    counts_before, history_before = target_counts(), history_total()

    with pytest.raises(CommandError) as caught:
        call_command("targets", "load", str(broken))

    assert re.search(
        r"发现 1 个问题，数据库未做任何改动：\n  - 第 \d+ 行 targets\[4\]\.quote：原文引语在来源 S00 的原文中找不到",
        str(caught.value),
    )
    assert Target.objects.get(code="city_tech_upgrade_projects").value == Decimal(1000)
    assert target_counts() == counts_before
    assert history_total() == history_before


def test_a_changed_file_updates_the_target_in_place_with_one_history_row(targets, system, tmp_path, cli):
    text = edited(
        shipped_text(),
        (
            "    value: 1000\n    unit: 个\n    qualifier_zh: 以上\n    approximate: false\n    deadline: 2025-12-31",
            "    value: 1200\n    unit: 个\n    qualifier_zh: 以上\n    approximate: false\n    deadline: 2025-12-31",
        ),
    )
    changed = tmp_path / "changed.yaml"
    changed.write_text(text, encoding="utf-8")
    history_before = history_total()
    out = StringIO()

    call_command("targets", "load", str(changed), stdout=out)

    assert out.getvalue().strip() == "已载入「广州市“12218”现代化产业体系」：新增 无；更新 目标 1；删除 无。"
    target = Target.objects.get(code="city_tech_upgrade_projects")
    assert (target.value, target.value_std) == (Decimal(1200), Decimal(1200))
    assert history_total() == history_before + 1
    last = target.history.first()
    assert (last.history_type, last.history_user, last.source, last.value) == ("~", cli, "cli", Decimal(1200))
