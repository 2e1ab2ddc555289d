"""Reads for targets: the references a targets file may use, and the board of evaluated targets."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse

from chanye.analytics import trajectory as tr
from chanye.analytics.evaluation import Evaluation, Obs, TargetSpec, evaluate

from .computations import REGISTRY
from .definition import KnownRefs
from .models import OWNER_CITY, OWNER_DISTRICT, Observation, Target

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
    points = tuple(
        tr.Point(date.fromisoformat(p["date"]), Decimal(str(p["value"]))) for p in target.trajectory_points
    )
    final = (
        target.growth_rate_pct
        if target.kind == "growth_rate" and target.growth_rate_pct is not None
        else target.value_std
    )
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
        # An annual increment is judged on the yearly change: of a share, in 个百分点.
        unit="个百分点"
        if target.kind == "annual_increment" and target.indicator.unit == "%"
        else target.indicator.unit,
    )


def observation_point(o, kind: str) -> Obs:
    """An observation (model or ObsRow) as the engine sees it; a bare % on a growth target is a rate."""
    return Obs(
        o.period_end,
        o.value,
        o.base_value,
        is_rate=kind == "growth_rate" and o.unit_as_entered in ("%", "％") and o.base_value is None,
    )


class ObsRow(NamedTuple):
    """The observation fields an evaluation needs, read as tuples: no model instance per row."""

    series_id: int
    period_end: date
    value: Decimal
    base_value: Decimal | None
    unit_as_entered: str
    origin: str
    entered_at: datetime
    demo_inputs: bool


def observation_rows(target_ids) -> dict[int, list[ObsRow]]:
    """Target id → the observations of its series (targets on one series share the same rows)."""
    series_of = dict(Target.objects.filter(pk__in=target_ids).values_list("pk", "series_id"))
    by_series: dict[int, list[ObsRow]] = {}
    fields = ObsRow._fields
    for values in (
        Observation.objects.filter(series_id__in=set(series_of.values()))
        .order_by("series_id", "period_end")
        .values_list(*fields)
    ):
        by_series.setdefault(values[0], []).append(ObsRow(*values))
    return {pk: by_series[s] for pk, s in series_of.items() if s in by_series}


@dataclass(frozen=True)
class BoardRow:
    target: Target
    evaluation: Evaluation
    status: str
    overridden: bool
    demo: bool  # the actual includes 演示数据 rows: labelled wherever it is shown


def evaluate_target(target: Target, on: date, observations=None) -> BoardRow:
    """Evaluate on a date; observations are the target's (prefetched) rows unless given as ObsRows."""
    if observations is None:
        observations = list(target.observations.all())
    result = evaluate(target_spec(target), [observation_point(o, target.kind) for o in observations], on)
    status, overridden = result.status, False
    if target.status_override and target.override_at:
        # A manual status holds until an actual newer than the override arrives.
        newer = any(o.entered_at > target.override_at for o in observations)
        if not newer:
            status, overridden = target.status_override, True
    demo = any(o.origin == "demo" or o.demo_inputs for o in observations)
    return BoardRow(target, result, status, overridden, demo)


def target_queryset(system):
    return (
        Target.objects.filter(system=system)
        .select_related("indicator", "district", "office", "system")
        .prefetch_related(
            "industries",
            "measures",
            Prefetch("series__observations", queryset=Observation.objects.order_by("period_end")),
        )
    )


def target_board(
    *,
    system,
    on: date,
    owner: str = "",
    district: str = "",
    industry: str = "",
    measure: str = "",
    status: str = "",
    deadline_year: str = "",
) -> list[BoardRow]:
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


@dataclass(frozen=True)
class Breakdown:
    """A city target against the district targets on the same additive indicator and year."""

    consistency: tr.Consistency
    rows: list  # (district, [its targets], share of the city value in %, or None) in district order


def city_breakdown(target: Target) -> Breakdown | None:
    """None when a breakdown means nothing: not a city target, not additive, or not an at-least target."""
    if (
        target.owner_kind != OWNER_CITY
        or not target.indicator.additive
        or target.comparison not in (">=", ">")
        or target.value_std is None
    ):
        return None
    year = target.deadline.year if target.deadline else None
    by_code: dict[str, list[Target]] = {}
    candidates = Target.objects.filter(
        system_id=target.system_id, indicator_id=target.indicator_id, owner_kind=OWNER_DISTRICT
    ).select_related("district")
    for t in candidates.order_by("order"):
        if (t.deadline.year if t.deadline else None) == year and t.value_std is not None:
            by_code.setdefault(t.district.code, []).append(t)
    districts = list(target.system.districts.order_by("order"))
    values = {
        d.code: sum((t.value_std for t in by_code[d.code]), Decimal(0)) if d.code in by_code else None
        for d in districts
    }
    consistency = tr.district_consistency(city_value=target.value_std, district_values=values)
    city = consistency.city_value
    rows = [
        (
            d,
            by_code.get(d.code, []),
            None if values[d.code] is None or not city else values[d.code] / city * 100,
        )
        for d in districts
    ]
    return Breakdown(consistency, rows)


# ---------------------------------------------------------------- contributions to lower apps' pages


def source_citations(*, system) -> list:
    """The targets and milestones that cite each source, for the 来源文献 page (slot "source_citations")."""
    from chanye.systems.selectors import cite

    out = []
    for t in Target.objects.filter(system=system).select_related("indicator", "district", "office"):
        name = f"{t.owner_label}：{t.indicator.name_zh} {t.goal_text}"
        out += cite(
            [t.source_key], "目标", name, reverse("targets:target_detail", args=[system.slug, t.code])
        )
    for m in system.milestones.all():
        out += cite([m.source_key], "节点任务", m.name_zh)
    return out
