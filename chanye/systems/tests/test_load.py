"""Loading a definition: the shipped Guangzhou file, reloads, changes, broken files, export and a second city."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from chanye.core.history import SOURCE_CLI
from chanye.core.tests.utils import history_marks, history_since, history_total, row_counts
from chanye.districts.models import District, DistrictPriority
from chanye.industries.models import ChainSegment, Industry, IndustryGroup, Office, SupportItem
from chanye.industries.services import industry_update, support_item_update
from chanye.systems.definition import parse_definition, read_definition
from chanye.systems.export import system_export_yaml
from chanye.systems.models import Element, PackageItem, System
from chanye.systems.services import system_load
from conftest import SHIPPED_SYSTEM_FILE

DEMO_FILE = Path(__file__).parent / "data" / "demo-city.yaml"
STRATEGIC_GROUPS = ("emerging_pillar", "strategic_leading", "characteristic_advantage")
OFFICE_INDUSTRIES = [
    "icv_nev",
    "uhd_video_display",
    "biomed_health",
    "artificial_intelligence",
    "semiconductors_ic",
    "low_altitude_aerospace",
]


def shipped_text() -> str:
    return SHIPPED_SYSTEM_FILE.read_text(encoding="utf-8")


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def line_of(text: str, fragment: str) -> int:
    [line] = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return line


# A changed Guangzhou file: one segment renamed, one removed, one district layout reworded.
RENAMED_SEGMENT = (
    "{key: key_materials, name_zh: 关键材料, stage: upstream, description_zh: 锂镍钴",
    "{key: key_materials, name_zh: 关键原材料, stage: upstream, description_zh: 锂镍钴",
)
REMOVED_SEGMENT_LINE = "      - {key: charging_aftermarket, name_zh: 充换电与后市场, stage: downstream, description_zh: 充电桩与换电站建设运营、维修保养、动力电池回收与梯次利用}\n"
CHANGED_LAYOUT = (
    "未来3年再新建或升级改造科创载体超800万平方米",
    "未来5年再新建或升级改造科创载体超800万平方米",
)


def changed_definition():
    return parse_definition(
        edited(shipped_text(), RENAMED_SEGMENT, (REMOVED_SEGMENT_LINE, ""), CHANGED_LAYOUT)
    )


# ---------------------------------------------------------------- the shipped file


def test_shipped_file_loads_the_21_plus_8_industries_in_their_groups(system):
    industries = Industry.objects.filter(system=system)

    assert industries.count() == 29
    assert industries.filter(group__key__in=STRATEGIC_GROUPS).count() == 15
    assert industries.filter(group__key="future").count() == 6
    assert industries.filter(group__key="modern_service").count() == 8
    assert list(IndustryGroup.objects.filter(system=system).values_list("key", "expected_count")) == [
        ("emerging_pillar", 6),
        ("strategic_leading", 5),
        ("characteristic_advantage", 4),
        ("future", 6),
        ("modern_service", 8),
    ]


def test_shipped_file_marks_two_pending_industries_with_candidates(system):
    pending = Industry.objects.filter(system=system, status=Industry.STATUS_PENDING).order_by("order")

    assert [i.slug for i in pending] == ["future_tbd_6", "svc_tbd_8"]
    assert all(len(i.candidates_zh) >= 2 for i in pending)
    assert all(i.confidence in ("unverified", "low") for i in pending)
    assert pending[0].candidates_zh == ["量子科技", "未来网络", "商业航天", "深海/海洋", "脑机接口"]


def test_shipped_file_loads_measures_offices_districts_and_the_support_package(system):
    assert Element.objects.filter(system=system, kind=Element.KIND_MEASURE).count() == 4
    assert Office.objects.filter(system=system).count() == 5
    assert District.objects.filter(system=system).count() == 11
    assert PackageItem.objects.filter(system=system).count() == 12
    assert SupportItem.objects.filter(industry__system=system).count() == 29 * 12
    assert set(SupportItem.objects.filter(industry__system=system).values_list("status", flat=True)) == {
        "not_started"
    }
    assert list(District.objects.filter(system=system).values_list("code", flat=True)) == [
        "440104", "440105", "440103", "440106", "440111", "440112", "440113", "440114", "440115", "440117", "440118",
    ]  # fmt: skip


def test_every_industry_has_at_least_four_segments_and_office_industries_six_to_ten(system):
    counts = {i.slug: i.segments.count() for i in Industry.objects.filter(system=system)}
    owned = Industry.objects.filter(system=system, office__isnull=False).order_by("order")

    assert min(counts.values()) >= 4
    assert [i.slug for i in owned] == OFFICE_INDUSTRIES
    assert all(6 <= counts[slug] <= 10 for slug in OFFICE_INDUSTRIES), {
        s: counts[s] for s in OFFICE_INDUSTRIES
    }
    assert ChainSegment.objects.filter(industry__system=system).count() == sum(counts.values())


def test_first_load_signs_every_history_row_with_the_cli_user_and_source(empty_db, cli, shipped_definition):
    marks = history_marks()

    report = system_load(definition=shipped_definition, user=cli, source=SOURCE_CLI)

    rows = history_since(marks)
    assert report.created["产业"] == 29
    assert len(rows) > 29 * 12  # every created row, support items included
    assert {(r.history_type, r.history_user.username, r.source) for r in rows} == {("+", "cli", "cli")}
    assert len({r.request_id for r in rows}) == 1


# ---------------------------------------------------------------- reloading


def test_loading_the_same_file_again_writes_no_history_at_all(system, cli, shipped_definition):
    rows_before, history_before = row_counts(), history_total()

    report = system_load(definition=shipped_definition, user=cli, source=SOURCE_CLI)

    assert not report.changed
    assert report.summary() == "「广州市“12218”现代化产业体系」已是最新，没有任何变更。"
    assert row_counts() == rows_before
    assert history_total() == history_before


def test_changed_file_updates_in_place_and_records_the_changes(system, cli):
    segment = ChainSegment.objects.get(industry__system=system, industry__slug="icv_nev", key="key_materials")
    removed = ChainSegment.objects.get(
        industry__system=system, industry__slug="icv_nev", key="charging_aftermarket"
    )
    marks = history_marks()

    report = system_load(definition=changed_definition(), user=cli, source=SOURCE_CLI)

    segment.refresh_from_db()  # same row, updated in place
    assert segment.name_zh == "关键原材料"
    assert not ChainSegment.objects.filter(pk=removed.pk).exists()
    assert "未来5年" in District.objects.get(system=system, code="440106").layout_zh
    assert dict(report.updated) == {"产业链环节": 1, "区": 1}
    assert dict(report.deleted) == {"产业链环节": 1}
    assert dict(report.created) == {}
    rows = history_since(marks)
    assert sorted((r._meta.model_name, r.history_type, r.id) for r in rows) == sorted(
        [
            ("historicalchainsegment", "~", segment.pk),
            ("historicalchainsegment", "-", removed.pk),
            ("historicaldistrict", "~", District.objects.get(system=system, code="440106").pk),
        ]
    )
    assert {(r.history_user.username, r.source) for r in rows} == {("cli", "cli")}


def test_maintained_statuses_and_fields_survive_a_reload(system, cli, city_editor):
    item = SupportItem.objects.get(
        industry__system=system, industry__slug="artificial_intelligence", item__key="plan"
    )
    support_item_update(
        user=city_editor,
        support_item=item,
        data={"status": "done", "owner_zh": "市工信局", "evidence": "穗工信〔2025〕1号"},
    )
    industry_update(
        user=city_editor,
        industry=Industry.objects.get(system=system, slug="icv_nev"),
        data={"leader_zh": "某市领导"},
    )

    system_load(definition=changed_definition(), user=cli, source=SOURCE_CLI)

    item.refresh_from_db()
    assert (item.status, item.owner_zh, item.evidence) == ("done", "市工信局", "穗工信〔2025〕1号")
    assert Industry.objects.get(system=system, slug="icv_nev").leader_zh == "某市领导"
    assert SupportItem.objects.filter(industry__system=system).count() == 29 * 12


def test_removing_an_industry_from_the_file_deletes_it_and_its_support_items(system, cli):
    text = shipped_text()
    # Drop the district priorities that name rail_transit (none) and the industry block itself.
    start = text.index("  - slug: rail_transit\n")
    end = text.index("  - slug: shipbuilding_ocean_eng\n")
    text = text[:start] + text[end:]
    text = edited(text, ("{key: characteristic_advantage, name_zh: 特色优势产业, name_en: Characteristic advantage industries, family_zh: 战略性产业集群, expected_count: 4}",
                         "{key: characteristic_advantage, name_zh: 特色优势产业, name_en: Characteristic advantage industries, family_zh: 战略性产业集群, expected_count: 3}"))  # fmt: skip
    marks = history_marks()

    report = system_load(definition=parse_definition(text), user=cli, source=SOURCE_CLI)

    assert not Industry.objects.filter(system=system, slug="rail_transit").exists()
    assert SupportItem.objects.filter(industry__system=system).count() == 28 * 12
    assert report.deleted["产业"] == 1
    rows = [r for r in history_since(marks) if r._meta.model_name == "historicalindustry"]
    assert [(r.slug, r.source) for r in rows if r.history_type == "-"] == [("rail_transit", "cli")]
    # The industries after it move up one place: their only change is `order`.
    moved = [r for r in rows if r.history_type == "~"]
    assert len(moved) == report.updated["产业"] == 16
    assert all(r.diff_against(r.prev_record).changed_fields == ["order"] for r in moved)


# ---------------------------------------------------------------- the `chanye system load` command


def test_load_command_refuses_a_broken_file_and_changes_nothing(system, tmp_path):
    text = edited(
        shipped_text(),
        ("industries: [artificial_intelligence]", "industries: [artificial_inteligence]"),
        ("{industry: biomed_health, role_zh: 首位突破；", "{industry: biomed, role_zh: 首位突破；"),
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    office_line = line_of(text, "industries: [artificial_inteligence]")
    district_line = line_of(text, "{industry: biomed, role_zh: 首位突破；")
    rows_before, history_before = row_counts(), history_total()

    with pytest.raises(CommandError) as caught:
        call_command("system", "load", str(broken))

    message = str(caught.value)
    assert f"{broken}：发现 2 个问题，数据库未做任何改动：" in message
    assert (
        f"  - 第 {office_line} 行 offices[4].industries[0]：引用了未定义的产业「artificial_inteligence」。"
        in message
    )
    assert (
        f"  - 第 {district_line} 行 districts[0].priority_industries[0].industry：引用了未定义的产业「biomed」。"
        in message
    )
    assert row_counts() == rows_before
    assert history_total() == history_before


def test_load_command_refuses_a_broken_file_on_an_empty_database(empty_db, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        shipped_text().replace("format: chanye-system/1", "format: chanye-system/0"), encoding="utf-8"
    )

    with pytest.raises(CommandError) as caught:
        call_command("system", "load", str(broken))

    assert "发现 1 个问题" in str(caught.value)
    assert "format：「chanye-system/0」不是允许的取值" in str(caught.value)
    assert System.objects.count() == 0
    assert history_total() == 0


def test_load_command_loads_the_file_and_prints_the_summary(empty_db):
    out = StringIO()

    call_command("system", "load", str(SHIPPED_SYSTEM_FILE), stdout=out)

    assert out.getvalue().startswith("已载入「广州市“12218”现代化产业体系」：新增 产业体系 1、")
    assert Industry.objects.filter(system__slug="guangzhou-12218").count() == 29


def test_load_command_a_second_time_reports_no_changes(system):
    out = StringIO()
    history_before = history_total()

    call_command("system", "load", str(SHIPPED_SYSTEM_FILE), stdout=out)

    assert "已是最新，没有任何变更" in out.getvalue()
    assert history_total() == history_before


def test_load_command_signs_history_with_the_named_user(system, city_editor, tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(edited(shipped_text(), CHANGED_LAYOUT), encoding="utf-8")
    marks = history_marks()

    call_command("system", "load", str(changed), "--user", "city_editor", stdout=StringIO())

    rows = history_since(marks)
    assert [(r._meta.model_name, r.history_type, r.history_user, r.source) for r in rows] == [
        ("historicaldistrict", "~", city_editor, "cli")
    ]


def test_load_command_refuses_an_unknown_user(system):
    with pytest.raises(CommandError) as caught:
        call_command("system", "load", str(SHIPPED_SYSTEM_FILE), "--user", "nobody")

    assert "找不到用户「nobody」" in str(caught.value)


def test_dry_run_reports_the_changes_but_writes_nothing(system, tmp_path):
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        edited(shipped_text(), RENAMED_SEGMENT, (REMOVED_SEGMENT_LINE, ""), CHANGED_LAYOUT), encoding="utf-8"
    )
    rows_before, history_before = row_counts(), history_total()
    out = StringIO()

    call_command("system", "load", str(changed), "--dry-run", stdout=out)

    assert out.getvalue().strip() == (
        "[试运行，未写入] 已载入「广州市“12218”现代化产业体系」：新增 无；更新 产业链环节 1、区 1；删除 产业链环节 1。"
    )
    assert ChainSegment.objects.filter(industry__system=system, key="charging_aftermarket").exists()
    assert row_counts() == rows_before
    assert history_total() == history_before


def test_dry_run_on_an_empty_database_writes_nothing_at_all(empty_db):
    out = StringIO()

    call_command("system", "load", str(SHIPPED_SYSTEM_FILE), "--dry-run", stdout=out)

    assert out.getvalue().startswith(
        "[试运行，未写入] 已载入「广州市“12218”现代化产业体系」：新增 产业体系 1、"
    )
    assert System.objects.count() == 0
    assert get_user_model().objects.count() == 0
    assert history_total() == 0


# ---------------------------------------------------------------- export


def test_export_then_load_into_a_fresh_database_round_trips(bare_system, cli, tmp_path):
    system = bare_system
    exported = system_export_yaml(system)
    # A fresh state: remove the loaded system (industries first: their group is protected).
    Industry.objects.filter(system=system).delete()
    System.objects.filter(pk=system.pk).delete()
    assert Industry.objects.count() == 0

    path = tmp_path / "exported.yaml"
    path.write_text(exported, encoding="utf-8")
    report = system_load(definition=read_definition(path), user=cli, source=SOURCE_CLI)

    reloaded = System.objects.get(slug="guangzhou-12218")
    assert report.created["产业"] == 29
    assert system_export_yaml(reloaded) == exported
    assert SupportItem.objects.filter(industry__system=reloaded).count() == 29 * 12
    assert (
        DistrictPriority.objects.filter(district__system=reloaded).count() == DistrictPriority.objects.count()
    )


def test_exported_file_reloaded_over_the_same_system_changes_nothing(system, cli):
    history_before = history_total()

    report = system_load(definition=parse_definition(system_export_yaml(system)), user=cli, source=SOURCE_CLI)

    assert not report.changed
    assert history_total() == history_before


def test_export_writes_each_sources_chinese_citation(system):
    exported = system_export_yaml(system)
    assert (
        "- id: S01\n  publisher: 人民日报\n  author: 罗艾桦\n  title: 广州将重点发展15个战略性产业集群\n"
        "  date: 2024-01-08\n  kind: 报道转载\n  copy_url: http://vcaptcha.com/wap/vvZy_90146.html\n"
        "  note: 原文链接未找到；转载副本内容与原报道一致\n"
    ) in exported
    assert "  doc_no: 穗工信函〔2025〕36号\n" in exported
    assert "  url: https://m.mp.oeeee.com/a/BAAFRD0000202502061049702.html\n" in exported
    assert parse_definition(exported).sources == read_definition(SHIPPED_SYSTEM_FILE).sources


def test_export_command_writes_the_file(system, tmp_path):
    out = tmp_path / "out.yaml"

    call_command("system", "export", "guangzhou-12218", "-o", str(out), stdout=StringIO())

    assert out.read_text(encoding="utf-8") == system_export_yaml(system)


def test_export_command_names_the_loaded_systems_when_the_slug_is_unknown(system):
    with pytest.raises(CommandError) as caught:
        call_command("system", "export", "nowhere")

    assert str(caught.value) == "找不到体系「nowhere」。已载入：guangzhou-12218。"


# ---------------------------------------------------------------- a second city beside Guangzhou


def _owner_system_id(row) -> int:
    """The system a history row belongs to."""
    if row._meta.model_name == "historicalsystem":
        return row.id
    if hasattr(row, "system_id"):
        return row.system_id
    if hasattr(row, "industry_id"):
        return Industry.objects.get(pk=row.industry_id).system_id
    return District.objects.get(pk=row.district_id).system_id


def test_second_city_loads_beside_guangzhou_without_touching_it(system, cli):
    gz_export = system_export_yaml(system)
    gz_support = list(SupportItem.objects.filter(industry__system=system).values())
    marks = history_marks()

    report = system_load(definition=read_definition(DEMO_FILE), user=cli, source=SOURCE_CLI)

    demo = report.system
    assert demo.slug == "demo-city"
    assert System.objects.count() == 2
    assert Industry.objects.filter(system=demo).count() == 3
    assert District.objects.filter(system=demo).count() == 1
    assert SupportItem.objects.filter(industry__system=demo).count() == 3 * 2
    # Guangzhou is untouched: same definition, same support items, and no history row about it.
    system.refresh_from_db()
    assert system_export_yaml(system) == gz_export
    assert list(SupportItem.objects.filter(industry__system=system).values()) == gz_support
    rows = history_since(marks)
    assert rows and {_owner_system_id(r) for r in rows} == {demo.pk}
    # The same slug (biomed_health) lives in both systems, each its own row.
    assert Industry.objects.filter(slug="biomed_health").count() == 2


def test_reloading_guangzhou_leaves_the_second_city_alone(system, cli, shipped_definition):
    demo = system_load(definition=read_definition(DEMO_FILE), user=cli, source=SOURCE_CLI).system
    demo_export = system_export_yaml(demo)
    marks = history_marks()

    system_load(definition=changed_definition(), user=cli, source=SOURCE_CLI)

    assert system_export_yaml(demo) == demo_export
    assert {_owner_system_id(r) for r in history_since(marks)} == {system.pk}


def test_system_list_command_lists_both_systems(system, cli):
    system_load(definition=read_definition(DEMO_FILE), user=cli, source=SOURCE_CLI)
    out = StringIO()

    call_command("system", "list", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines == [
        "demo-city\t示例市“23”测试产业体系\t产业 3（待确认 1）\t区 1\t产业办 1",
        "guangzhou-12218\t广州市“12218”现代化产业体系\t产业 29（待确认 2）\t区 11\t产业办 5",
    ]
