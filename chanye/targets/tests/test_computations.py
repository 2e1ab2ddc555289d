from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from chanye.industries.models import SupportItem
from chanye.industries.services import support_item_update
from chanye.targets.computations import REGISTRY, recompute
from chanye.targets.models import Indicator, Observation, Target


@pytest.fixture
def computed_target(bare_system):
    system = bare_system
    indicator = Indicator.objects.create(
        system=system, code="support_done", name_zh="已完成配套事项", unit="项", aggregation="latest"
    )
    target = Target.objects.create(
        system=system,
        code="ai_support_package_done",
        indicator=indicator,
        owner_kind="city",
        kind="count",
        comparison=">=",
        value=12,
        unit="项",
        value_std=12,
        deadline=date(2025, 12, 31),
        quote="（测试）",
        source_key="S00",
        computation="support_items_done",
    )
    target.industries.set([system.industries.get(slug="artificial_intelligence")])
    return target


def test_the_registry_names_its_computations_with_units_and_dependencies():
    computation = REGISTRY["support_items_done"]
    assert (computation.unit, computation.depends_on) == ("项", ("industries.SupportItem",))


def test_recompute_counts_the_records_of_the_targets_industries(system, cli, computed_target):
    SupportItem.objects.filter(
        industry__slug="artificial_intelligence", item__key__in=["plan", "policy", "parks"]
    ).update(status="done")
    SupportItem.objects.filter(industry__slug="icv_nev", item__key="plan").update(
        status="done"
    )  # another industry: not counted
    assert recompute(system=system, user=cli, on=date(2025, 6, 30)) == 1
    obs = Observation.objects.get(target=computed_target)
    assert (obs.value, obs.origin, obs.computation, obs.period_end) == (
        Decimal(3),
        "computed",
        "support_items_done",
        date(2025, 6, 30),
    )


def test_a_record_change_updates_the_computed_actual(
    system, city_editor, computed_target, django_capture_on_commit_callbacks
):
    item = SupportItem.objects.get(industry__slug="artificial_intelligence", item__key="plan")
    with django_capture_on_commit_callbacks(execute=True):
        support_item_update(user=city_editor, support_item=item, data={"status": "done"})
    assert Observation.objects.get(target=computed_target, period_end=date.today()).value == Decimal(1)
    with django_capture_on_commit_callbacks(execute=True):
        support_item_update(
            user=city_editor, support_item=SupportItem.objects.get(pk=item.pk), data={"status": "in_progress"}
        )
    assert Observation.objects.get(target=computed_target, period_end=date.today()).value == Decimal(0)


def test_recompute_command_reports_rows_written(system, computed_target, capsys):
    call_command("targets", "recompute", on="2025-06-30")
    assert "已按计算规则写入实际值 1 条（评估日 2025-06-30）" in capsys.readouterr().out
    assert Observation.objects.get(target=computed_target).history.latest().source == "cli"
