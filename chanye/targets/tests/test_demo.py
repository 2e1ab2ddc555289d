"""`chanye demo`: deterministic 演示数据 that never touches real entries, and `--clear`."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chanye.core.tests.utils import assert_status, clear_demo, history_counts, history_total, run_demo
from chanye.systems.models import System
from chanye.targets.models import Observation, Target
from chanye.targets.services import observation_record

from .conftest import BY_HAND
from .helpers import SLUG, board_row_html, file_targets

TODAY = "2025-09-30"
DEMO_MESSAGE = (
    "演示数据已更新：写入目标实际值 {n} 条（来源标注为“演示数据”，不会覆盖真实填报；已是最新的不重复写入）。"
)


def demo(today: str = "", clear: bool = False, records: bool = False) -> str:
    """The targets app's demo step (or its clear step), as `chanye demo` runs it; with `records`,
    the demo parks, land, carriers and projects first, whose computed actuals are labelled too."""
    system = System.objects.get()
    if clear:
        return clear_demo(system, "targets")[0]
    return run_demo(system, *(("places", "projects") if records else ()), "targets", today=today)[-1]


def demo_targets() -> set[str]:
    """Targets the demo fills: those with a deadline, except the far-off (long_range) ones and
    those computed from records (their actuals come from the demo records instead); and every
    target reading the same series (indicator and owner) as one of those."""
    filled = {
        (t["indicator"], t["owner"])
        for t in file_targets()
        if t["deadline"] is not None and t["kind"] != "long_range" and t["code"] not in computed_targets()
    }
    return {t["code"] for t in file_targets() if (t["indicator"], t["owner"]) in filled}


def computed_targets() -> set[str]:
    return {t["code"] for t in file_targets() if t.get("computation") and t["code"] not in BY_HAND}


def test_demo_writes_rows_with_origin_demo_only(targets, cli):
    message = demo(today=TODAY, records=True)

    written = Observation.objects.filter(origin="demo").count()
    assert message == DEMO_MESSAGE.format(n=written)
    assert written > 0
    assert set(Observation.objects.values_list("origin", flat=True)) == {"demo", "computed"}
    assert (
        set(Observation.objects.filter(origin="demo").values_list("series__targets__code", flat=True))
        == demo_targets()
    )
    assert len(demo_targets()) == 14  # 13 made up, and the 2030 budget-share goal reads its sibling's
    # computed targets get no invented rows: only rows computed from the (demo) records
    assert (
        set(Observation.objects.filter(origin="computed").values_list("target__code", flat=True))
        <= computed_targets()
    )
    assert not Observation.objects.filter(origin="demo", target__code__in=computed_targets()).exists()
    assert Observation.objects.filter(period_end__gt=date(2025, 9, 30)).count() == 0
    assert set(Observation.objects.filter(origin="demo").values_list("note", flat=True)) == {
        "演示数据：随机生成，仅供演示"
    }
    # One history row per demo row, by the cli user from the command line.
    assert Observation.history.filter(origin="demo").count() == written
    assert {
        (r.history_type, r.history_user, r.source) for r in Observation.history.filter(origin="demo")
    } == {("+", cli, "cli")}


def test_actuals_computed_from_demo_records_are_labelled_demo(targets):
    demo(today=TODAY, records=True)
    computed = Observation.objects.filter(origin="computed", target__code="city_new_industrial_land_2025")
    assert computed.exists() and all(o.demo_inputs for o in computed)
    assert computed.first().note == "新增工业用地（已供应）（所用记录含演示数据）"


def test_demo_rows_follow_the_calendar_of_each_target(targets):
    demo(today=TODAY)

    def periods(code):
        return list(Observation.objects.filter(target__code=code).values_list("period_end", flat=True))

    assert [d.month for d in periods("city_tech_upgrade_projects")] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [d.month for d in periods("haizhu_kanglu_demolition_phase1")] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]  # due 2025-06-30
    assert [d.month for d in periods("baiyun_industrial_output_growth_2025")] == [
        3,
        6,
        9,
    ]  # growth rates quarterly
    assert periods("city_budget_industry_share_annual_increase") == [date(2024, 12, 31)]
    # Counts are whole numbers.
    assert all(
        v == v.to_integral_value()
        for v in Observation.objects.filter(target__code="city_tech_upgrade_projects").values_list(
            "value", flat=True
        )
    )


def test_running_demo_twice_writes_nothing_the_second_time(targets):
    demo(today=TODAY)
    rows = sorted(Observation.objects.values_list("target__code", "period_end", "value"))
    history_before = history_counts()

    message = demo(today=TODAY)

    assert message == DEMO_MESSAGE.format(n=0)
    assert sorted(Observation.objects.values_list("target__code", "period_end", "value")) == rows
    assert history_counts() == history_before


def test_demo_is_deterministic(targets):
    demo(today=TODAY)
    first = sorted(Observation.objects.values_list("target__code", "period_end", "value"))
    demo(clear=True)

    demo(today=TODAY)

    assert sorted(Observation.objects.values_list("target__code", "period_end", "value")) == first


def test_demo_on_a_later_day_adds_only_the_new_months(targets):
    demo(today="2025-08-31")
    before = Observation.objects.count()

    message = demo(today=TODAY)

    added = Observation.objects.count() - before
    assert message == DEMO_MESSAGE.format(n=added)
    # September for each monthly target still running in September, plus the quarter for the 4 growth rates.
    assert set(Observation.objects.filter(period_end=date(2025, 9, 30)).values_list("origin", flat=True)) == {
        "demo"
    }
    assert added == Observation.objects.filter(period_end=date(2025, 9, 30)).count()


def test_demo_never_overwrites_a_real_observation_for_the_same_period(targets, city_editor):
    target = Target.objects.get(code="city_tech_upgrade_projects")
    real = observation_record(user=city_editor, target=target, period_end=date(2025, 3, 31), value=7)

    demo(today=TODAY)

    march = Observation.objects.get(target=target, period_end=date(2025, 3, 31))
    assert (march.pk, march.origin, march.value, march.entered_by) == (
        real.pk,
        "manual",
        Decimal(7),
        city_editor,
    )
    assert list(Observation.objects.filter(target=target).values_list("period_end__month", "origin")) == [
        (1, "demo"), (2, "demo"), (3, "manual"), (4, "demo"), (5, "demo"), (6, "demo"), (7, "demo"), (8, "demo"), (9, "demo"),
    ]  # fmt: skip


def test_a_real_entry_replaces_a_demo_row_and_demo_leaves_it_alone(targets, city_editor):
    demo(today=TODAY)
    target = Target.objects.get(code="city_tech_upgrade_projects")
    observation_record(user=city_editor, target=target, period_end=date(2025, 3, 31), value=7)
    history_before = history_total()

    message = demo(today=TODAY)

    assert message == DEMO_MESSAGE.format(n=0)
    march = Observation.objects.get(target=target, period_end=date(2025, 3, 31))
    assert (march.origin, march.value) == ("manual", Decimal(7))
    assert history_total() == history_before


def test_clear_removes_only_demo_rows(targets, city_editor, tianhe_editor):
    tech = Target.objects.get(code="city_tech_upgrade_projects")
    observation_record(user=city_editor, target=tech, period_end=date(2025, 3, 31), value=7)
    observation_record(
        user=tianhe_editor,
        target=Target.objects.get(code="tianhe_innovation_carriers_3yr"),
        period_end=date(2025, 6, 30),
        value=12,
    )
    demo(today=TODAY)
    demo_rows = Observation.objects.filter(origin="demo").count()

    message = demo(clear=True)

    assert message == f"已删除演示数据 {demo_rows} 条。"
    assert sorted(
        Observation.objects.exclude(origin="computed").values_list("target__code", "origin", "value")
    ) == [
        ("city_tech_upgrade_projects", "manual", Decimal(7)),
        ("tianhe_innovation_carriers_3yr", "manual", Decimal(12)),
    ]
    assert Observation.history.filter(history_type="-").count() == demo_rows


def test_api_items_carry_demo_data_for_targets_with_demo_rows(targets, viewer, client_as):
    demo(today=TODAY, records=True)

    response = client_as(viewer).get(f"/api/v1/targets?on={TODAY}&limit=100")

    assert_status(response, 200)
    items = response.json()["items"]
    assert len(items) == 45
    with_demo_records = set(
        Observation.objects.filter(demo_inputs=True).values_list("target__code", flat=True)
    )
    assert with_demo_records and with_demo_records <= computed_targets()
    assert {i["code"] for i in items if i["demo_data"]} == demo_targets() | with_demo_records
    assert {i["code"] for i in items if not i["demo_data"]} == {
        t["code"] for t in file_targets()
    } - demo_targets() - with_demo_records


def test_the_board_labels_demo_actuals_even_if_it_was_viewed_before_the_demo_ran(targets, viewer, client_as):
    client = client_as(viewer)
    before = client.get(f"/s/{SLUG}/targets/?on={TODAY}")
    assert "演示数据" not in board_row_html(before, "city_tech_upgrade_projects")

    demo(today=TODAY)
    after = client.get(f"/s/{SLUG}/targets/?on={TODAY}")

    assert_status(after, 200)
    assert '<span class="badge demo">演示数据</span>' in board_row_html(after, "city_tech_upgrade_projects")
    assert "本页含<b>演示数据</b>" in after.content.decode()


def test_demo_without_a_system_is_refused(empty_db):
    with pytest.raises(CommandError) as caught:
        call_command("demo", today=TODAY, enterprises=0, stdout=StringIO())

    assert str(caught.value) == "尚未载入任何体系。请先运行 chanye init。"
    assert Observation.objects.count() == 0
