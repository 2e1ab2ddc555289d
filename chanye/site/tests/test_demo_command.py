"""`chanye demo` end to end: every app's demo step, in order, once; `--clear` removes them again.
The apps' own tests call their demo steps directly (chanye.core.tests.utils.run_demo)."""

from io import StringIO

from django.core.management import call_command

from chanye.core.tests.utils import clear_demo, run_demo
from chanye.enterprises.models import Enterprise
from chanye.enterprises.services import named_enterprises_load
from chanye.lists.models import Lead
from chanye.per_mu.models import PerMuRun
from chanye.places.models import Park
from chanye.projects.models import Project
from chanye.targets.models import Observation


def test_the_demo_command_adds_labelled_firms_once(system, cli):
    named_enterprises_load(system=system, user=cli)  # as chanye init does
    out = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "演示企业：新增 300 家（共需 300 家，已有的不重复生成；名称与代码均为虚构，标注“演示数据”）。"
        in lines
    )
    assert Enterprise.objects.filter(origin="demo").count() == 300
    assert Enterprise.objects.filter(origin="document", uscc__isnull=True).count() == 13
    again = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=again)
    assert "演示企业：新增 0 家" in again.getvalue() and Enterprise.objects.count() == 313
    call_command("demo", clear=True, stdout=StringIO())
    assert Enterprise.objects.filter(origin="demo").count() == 0 and Enterprise.objects.count() == 13
    assert not Observation.objects.filter(origin="demo").exists()
    assert (
        not Park.objects.filter(origin="demo").exists() and not Project.objects.filter(origin="demo").exists()
    )
    assert not Lead.objects.filter(origin="demo").exists()


def test_the_demo_command_runs_every_apps_step_in_order(system, cli):
    out = StringIO()
    call_command("demo", today="2025-09-30", enterprises=300, stdout=out)
    lines = out.getvalue().splitlines()
    starts = [
        "演示园区、用地和载体记录",
        "演示项目",
        "演示清单",
        "演示数据已更新",
        "演示企业：",
        "演示企业入园",
    ]
    positions = [next(i for i, line in enumerate(lines) if line.startswith(s)) for s in starts]
    assert positions == sorted(positions)
    assert Observation.objects.filter(origin="demo").exists() and Lead.objects.filter(origin="demo").exists()
    assert Enterprise.objects.filter(origin="demo", park__isnull=False).exists()
    assert PerMuRun.objects.count() == 0  # no rule set loaded: the 亩均 step has nothing to run


# ---------------------------------------------------------------- what the demo data may touch

# Markers of a demo row on models without an `origin` field (lookups on the row itself).
DEMO_MARKERS = {"demo": True, "demo_inputs": True, "demo_firms__gt": 0}


def _pending_lookups(model, depth: int = 2, prefix: str = "") -> list[str]:
    """Lookups (through forward foreign keys and many-to-many fields, `depth` hops) that reach a
    pending industry: an Industry directly, or a ChainSegment of one."""
    from chanye.industries.models import ChainSegment, Industry

    found = []
    for field in model._meta.get_fields():
        if not (field.is_relation and (field.many_to_one or field.many_to_many)) or field.auto_created:
            continue
        path, target = f"{prefix}{field.name}", field.related_model
        if target is Industry:
            found.append(f"{path}__status")
        elif target is ChainSegment:
            found.append(f"{path}__industry__status")
        elif depth > 1:
            found += _pending_lookups(target, depth - 1, f"{path}__")
    return found


def _demo_filters(model) -> list[dict]:
    """How a row of `model` says it is demo data: its own origin or flag, or its parent's origin."""
    names = {f.name for f in model._meta.get_fields()}
    if "origin" in names:
        return [{"origin": "demo"}]
    own = [{k: v} for k, v in DEMO_MARKERS.items() if k.split("__")[0] in names]
    parents = [
        {f"{f.name}__origin": "demo"}
        for f in model._meta.get_fields()
        if f.many_to_one
        and not f.auto_created
        and "origin" in {g.name for g in f.related_model._meta.get_fields()}
    ]
    return own + parents


def demo_rows_in_pending_slots(system) -> dict[str, int]:
    """Demo rows of every Chanye model that reference a pending (待确认) industry, by model label."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    from chanye.industries.models import Industry

    counts = {}
    for model in apps.get_models():
        if not model.__module__.startswith("chanye.") or issubclass(model, HistoricalChanges):
            continue
        for demo in _demo_filters(model):
            for lookup in _pending_lookups(model):
                n = model.objects.filter(**demo, **{lookup: Industry.STATUS_PENDING}).count()
                if n:
                    counts[f"{model._meta.label} {lookup}"] = n
    pending = set(system.industries.filter(status=Industry.STATUS_PENDING).values_list("slug", flat=True))
    slugs = Enterprise.objects.filter(system=system, origin="demo").values_list("industry_slugs", flat=True)
    if n := sum(bool(pending & set(s.split("|"))) for s in slugs):
        counts["enterprises.Enterprise industry_slugs"] = n
    return counts


def test_no_demo_row_is_in_a_pending_industry(system):
    pending = list(system.industries.filter(status="pending").values_list("name_zh", flat=True))
    assert pending == ["第6个未来产业（待确认）", "第8个现代服务业（待确认）"]  # the slots to keep clear

    run_demo(system, today="2025-09-30", enterprises=300)

    assert (
        Project.objects.filter(origin="demo").count() > 800
        and Lead.objects.filter(origin="demo").count() > 100
    )
    assert demo_rows_in_pending_slots(system) == {}
    # The check itself sees such rows: one demo lead moved into a pending slot is found.
    lead = Lead.objects.filter(origin="demo").first()
    Lead.objects.filter(pk=lead.pk).update(industry=system.industries.get(slug="svc_tbd_8"))
    assert demo_rows_in_pending_slots(system) == {"lists.Lead industry__status": 1}


def _snapshot() -> dict[str, list[tuple]]:
    """Every demo row of the registers, without ids (which differ from run to run)."""
    from chanye.lists.models import Expansion, Transfer
    from chanye.places.models import CarrierRecord, LandRecord
    from chanye.projects.models import ProjectInvestment

    def rows(qs, *fields):
        return sorted(qs.filter(origin="demo").values_list(*fields))

    return {
        "projects": rows(Project.objects, "code", "name", "kind", "industry__slug", "district__code", "signed_on", "started_on", "planned_investment", "park__key"),
        "investment": rows(ProjectInvestment.objects, "project__code", "year", "month", "planned", "completed"),
        "leads": rows(Lead.objects, "code", "firm_name", "industry__slug", "segment__key", "district__code", "stage", "lost", "expected_investment"),
        "transfers": rows(Transfer.objects, "code", "title", "receiver", "industry__slug", "stage", "value"),
        "expansions": rows(Expansion.objects, "code", "firm_name", "industry__slug", "stage", "planned_capital"),
        "parks": rows(Park.objects, "key", "name_zh", "district__code", "status", "land_mu"),
        "land": rows(LandRecord.objects, "parcel", "name", "district__code", "use", "status", "area_mu", "on"),
        "carriers": rows(CarrierRecord.objects, "code", "name", "district__code", "kind", "started_on"),
        "firms": rows(Enterprise.objects, "uscc", "name", "district__code", "industry_code", "industry_slugs", "above_scale", "park__key"),
    }  # fmt: skip


def test_the_demo_data_is_the_same_every_time(system):
    run_demo(system, today="2025-09-30", enterprises=200)
    first = _snapshot()
    clear_demo(system)
    run_demo(system, today="2025-09-30", enterprises=200)

    again = _snapshot()
    assert all(first.values()) and again == first
