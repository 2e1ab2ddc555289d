"""Reads for targets: the references a targets file may use, and the board of evaluated targets."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404

from chanye.analytics import trajectory as tr
from chanye.analytics.evaluation import Evaluation, Obs, TargetSpec, evaluate

from .computations import REGISTRY
from .definition import KnownRefs
from .models import Observation, Target

SOURCES_DIR = Path(settings.REPO_DIR) / "data" / "sources"


def source_texts() -> dict[str, str]:
    """Source documents kept as data (data/sources/<key>-*.txt), for verbatim quote checks."""
    texts = {}
    for path in sorted(SOURCES_DIR.glob("*.txt")):
        texts[path.name.split("-", 1)[0]] = path.read_text(encoding="utf-8")
    return texts


def known_refs(system) -> KnownRefs:
    return KnownRefs(
        system_slug=system.slug,
        industries=frozenset(system.industries.values_list("slug", flat=True)),
        districts=frozenset(system.districts.values_list("code", flat=True)),
        offices=frozenset(system.offices.values_list("key", flat=True)),
        measures=frozenset(system.elements.values_list("key", flat=True)),
        sources=frozenset(system.sources.values_list("key", flat=True)),
        source_texts=source_texts(),
        computations=frozenset(REGISTRY),
    )


def target_spec(target: Target) -> TargetSpec:
    points = tuple(tr.Point(date.fromisoformat(p["date"]), Decimal(str(p["value"]))) for p in target.trajectory_points)
    final = target.growth_rate_pct if target.kind == "growth_rate" and target.growth_rate_pct is not None else target.value_std
    return TargetSpec(
        kind=target.kind,
        comparison=target.comparison,
        direction=target.indicator.direction,
        aggregation=target.indicator.aggregation,
        final_value=final,
        deadline=target.deadline,
        period_start=target.period_start,
        baseline_value=target.baseline_value,
        baseline_date=target.baseline_date,
        trajectory=target.trajectory,
        points=points,
        increment=target.increment,
        tolerance=target.tolerance_pct / 100,
    )


def observation_point(o: Observation) -> Obs:
    return Obs(o.period_end, o.value, o.base_value, is_rate=o.unit_as_entered in ("%", "％") and o.base_value is None and o.target.kind == "growth_rate")


@dataclass(frozen=True)
class BoardRow:
    target: Target
    evaluation: Evaluation
    status: str
    overridden: bool
    demo: bool  # the actual includes 演示数据 rows: labelled wherever it is shown


def evaluate_target(target: Target, on: date) -> BoardRow:
    observations = list(target.observations.all())
    result = evaluate(target_spec(target), [observation_point(o) for o in observations], on)
    status, overridden = result.status, False
    if target.status_override and target.override_at:
        # A manual status holds until an actual newer than the override arrives.
        newer = any(o.entered_at > target.override_at for o in observations)
        if not newer:
            status, overridden = target.status_override, True
    demo = any(o.origin == "demo" for o in observations)
    return BoardRow(target, result, status, overridden, demo)


def target_queryset(system):
    return (
        Target.objects.filter(system=system)
        .select_related("indicator", "district", "office", "system")
        .prefetch_related("industries", "measures", Prefetch("observations", queryset=Observation.objects.select_related("target").order_by("period_end")))
    )


def target_board(*, system, on: date, owner: str = "", district: str = "", industry: str = "", measure: str = "", status: str = "", deadline_year: str = "") -> list[BoardRow]:
    qs = target_queryset(system)
    if owner:
        qs = qs.filter(owner_kind=owner)
    if district:
        qs = qs.filter(district__code=district)
    if industry:
        qs = qs.filter(industries__slug=industry)
    if measure:
        qs = qs.filter(measures__key=measure)
    if deadline_year == "none":
        qs = qs.filter(deadline__isnull=True)
    elif deadline_year.isdigit():
        qs = qs.filter(deadline__year=int(deadline_year))
    rows = [evaluate_target(t, on) for t in qs.distinct()]
    if status:
        rows = [r for r in rows if r.status == status]
    return rows


def target_get(*, system, code: str) -> Target:
    target = target_queryset(system).filter(code=code).first()
    if target is None:
        raise Http404(f"体系「{system.name_zh}」中没有目标「{code}」。")
    return target
