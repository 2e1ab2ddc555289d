"""Writes for targets: load a targets file, record actual values, override a status."""

import logging
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chanye.accounts.permissions import DENIED_TARGET, can_edit_target
from chanye.analytics.units import UnitError, convert
from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.sync import LoadReport, Sync
from chanye.systems.signals import system_changed

from .definition import TargetsDefinition
from .models import (
    OWNER_CITY,
    OWNER_DISTRICT,
    OWNER_OFFICE,
    Indicator,
    Milestone,
    Observation,
    Series,
    Target,
)

logger = logging.getLogger(__name__)


def _owner_fields(system, owner: str) -> dict:
    kind, _, ref = owner.partition(":")
    fields = {"owner_kind": kind, "district": None, "office": None}
    if kind == OWNER_DISTRICT:
        fields["district"] = system.districts.get(code=ref)
    elif kind == OWNER_OFFICE:
        fields["office"] = system.offices.get(key=ref)
    return fields


def _to_indicator_unit(value, unit: str, indicator_unit: str) -> Decimal:
    """Convert a committed value to the indicator's unit.

    One exception to "percent is not percentage points": a change of a share written in
    个百分点 on an indicator kept in % (每年提高1个百分点) is a number of percent units.
    """
    if unit in ("个百分点", "pp") and indicator_unit in ("%", "％", "百分比"):
        return Decimal(str(value))
    return convert(value, unit, indicator_unit)


def targets_load(*, definition: TargetsDefinition, system, user, source: str) -> LoadReport:
    """Load or update the targets and milestones of `system` in one transaction (history on each row)."""
    report = LoadReport(system=system)
    with acting_as(user, source=source), transaction.atomic():
        sync = Sync(report)
        indicators = {}
        for i in definition.indicators:
            indicators[i.code] = sync.upsert(
                Indicator,
                {"system": system, "code": i.code},
                {
                    "name_zh": i.name_zh,
                    "name_en": i.name_en,
                    "unit": i.unit,
                    "direction": i.direction,
                    "aggregation": i.aggregation,
                    "additive": i.additive,
                },
            )
        sync.flush()
        industries = {i.slug: i for i in system.industries.all()}
        measures = {e.key: e for e in system.elements.all()}
        targets, links = [], []
        for order, t in enumerate(definition.targets, start=1):
            indicator = indicators[t.indicator]

            def std(v, t=t, indicator=indicator):
                return None if v is None else _to_indicator_unit(v, t.unit, indicator.unit)

            tolerance = (
                t.tolerance_pct
                if t.tolerance_pct is not None
                else (Decimal(5) if t.approximate else Decimal(0))
            )
            target = sync.upsert(
                Target,
                {"system": system, "code": t.code},
                {
                    "indicator": indicator,
                    **_owner_fields(system, t.owner),
                    "owner_body_zh": t.owner_body_zh,
                    "kind": t.kind,
                    "comparison": t.comparison,
                    "value": t.value,
                    "unit": t.unit,
                    "value_std": std(t.value),
                    "qualifier_zh": t.qualifier_zh,
                    "approximate": t.approximate,
                    "tolerance_pct": tolerance,
                    "baseline_value": std(t.baseline.value) if t.baseline else None,
                    "baseline_date": t.baseline.date if t.baseline else None,
                    "period_start": t.period_start,
                    "deadline": t.deadline,
                    "deadline_confirmed": t.deadline_confirmed,
                    "trajectory": t.trajectory,
                    "trajectory_points": [
                        {"date": p.date.isoformat(), "value": float(std(p.value))}
                        for p in t.trajectory_points
                    ],
                    "increment": std(t.increment)
                    if t.increment is not None and t.trajectory != "annual_increment"
                    else t.increment,
                    "growth_rate_pct": t.growth_rate_pct,
                    "quote": t.quote,
                    "source_key": t.source,
                    "confidence": t.confidence,
                    "note": t.note,
                    "computation": t.computation,
                    "order": order,
                },
            )
            targets.append(target)
            links.append((target, [industries[s] for s in t.industries], [measures[k] for k in t.measures]))
        milestones = []
        for order, m in enumerate(definition.milestones, start=1):
            milestones.append(
                sync.upsert(
                    Milestone,
                    {"system": system, "code": m.code},
                    {
                        **_owner_fields(system, m.owner),
                        "owner_body_zh": m.owner_body_zh,
                        "name_zh": m.name_zh,
                        "due_date": m.due_date,
                        "due_note": m.due_note,
                        "quote": m.quote,
                        "source_key": m.source,
                        "confidence": m.confidence,
                        "order": order,
                    },
                )
            )
        sync.flush()
        attach_series(targets)
        for target, inds, meas in links:
            if {i.pk for i in target.industries.all()} != {i.pk for i in inds}:
                target.industries.set(inds)
            if {e.pk for e in target.measures.all()} != {e.pk for e in meas}:
                target.measures.set(meas)
        milestone_industries = {m.code: [industries[s] for s in m.industries] for m in definition.milestones}
        for milestone in milestones:
            wanted = milestone_industries[milestone.code]
            if {i.pk for i in milestone.industries.all()} != {i.pk for i in wanted}:
                milestone.industries.set(wanted)
        sync.prune(Target.objects.filter(system=system), targets)
        sync.prune(Milestone.objects.filter(system=system), milestones)
        sync.prune(Indicator.objects.filter(system=system), list(indicators.values()))
        if report.changed:
            system_changed.send(sender=Target, system=system)
    logger.info("载入目标 %s：%s", system.slug, report.summary())
    return report


# ---------------------------------------------------------------- actual values


def series_for(target: Target) -> Series:
    """The series of the target's indicator and owner (made the first time it is asked for)."""
    key = Series.key_of(target.indicator_id, target.owner_kind, target.district_id, target.office_id)
    series, _ = Series.objects.get_or_create(
        key=key,
        defaults={
            "indicator_id": target.indicator_id,
            "owner_kind": target.owner_kind,
            "district_id": target.district_id,
            "office_id": target.office_id,
        },
    )
    return series


def attach_series(targets) -> None:
    """Point each target at the series of its indicator and owner (after a load changed either).
    Derived, so written without a history row; the observations stay with the series they measure."""
    for target in targets:
        series = series_for(target)
        if target.series_id != series.pk:
            Target.objects.filter(pk=target.pk).update(series=series)
            target.series = series


def _stored(value: Decimal) -> Decimal:
    """`value` to the 6 decimal places an observation keeps (too large a value is left to full_clean)."""
    if not isinstance(value, Decimal) or not value.is_finite() or value.as_tuple().exponent >= -6:
        return value
    try:
        return value.quantize(Decimal("0.000001"))
    except InvalidOperation:
        return value


def _same(obs, std, base_std, entered, unit, period_kind, note, computation, demo_inputs) -> bool:  # noqa: PLR0913
    """The stored value says what the entry says (where it came from aside)."""
    return (obs.value, obs.base_value, obs.value_as_entered, obs.unit_as_entered, obs.period_kind) == (
        std,
        base_std,
        entered,
        unit,
        period_kind,
    ) and (obs.note, obs.computation, obs.demo_inputs) == (note, computation, demo_inputs)


def observation_record(
    *,
    user,
    target: Target,
    period_end: date,
    value,
    unit: str = "",
    period_kind: str = "month",
    base_value=None,
    source: str = "manual",
    file_name: str = "",
    row_number: int | None = None,
    computation: str = "",
    note: str = "",
    demo_inputs: bool = False,
) -> Observation:
    """Record (or replace) the actual of `target` for the period ending `period_end`."""
    if source != "computed" and not can_edit_target(user, target):
        raise PermissionDenied(DENIED_TARGET.format(name=target))
    if source != "computed" and target.computation:
        # One source of truth: a total typed beside the records would be counted twice or hide them.
        raise ValidationError(
            f"目标「{target}」的实际值按“{target.computation_label}”由记录计算，不能手工填报：请导入或登记相应的记录。"
        )
    unit = unit or target.indicator.unit
    try:
        std = (
            convert(value, unit, target.indicator.unit)
            if unit not in ("%", "％") or target.kind != "growth_rate"
            else Decimal(str(value))
        )
        base_std = convert(base_value, unit, target.indicator.unit) if base_value not in (None, "") else None
    except UnitError as exc:
        raise ValidationError(f"目标「{target}」：{exc}") from None
    # Stored to the model's 6 decimal places: 1 亩 is 0.0666666666667 万平方米, a valid entry, not an error.
    std = _stored(std)
    base_std = None if base_std is None else _stored(base_std)
    if target.deadline and period_end.year > target.deadline.year + 1:
        raise ValidationError(f"截至日期 {period_end} 远在期限 {target.deadline} 之后，请检查年份。")
    with transaction.atomic():
        if target.series_id is None:
            attach_series([target])
        obs = Observation.objects.filter(
            series_id=target.series_id, period_end=period_end
        ).first() or Observation(series_id=target.series_id, period_end=period_end)
        entered = Decimal(str(value))
        if obs.pk and _same(obs, std, base_std, entered, unit, period_kind, note, computation, demo_inputs):
            obs.changed = False  # the same value entered again (an export imported back): no history row
            return obs
        obs.target = target
        obs.period_kind = period_kind
        obs.value = std
        obs.base_value = base_std
        obs.value_as_entered = entered
        obs.unit_as_entered = unit
        obs.origin = source
        obs.file_name = file_name
        obs.row_number = row_number
        obs.computation = computation
        obs.demo_inputs = demo_inputs
        obs.note = note
        obs.entered_by = user if getattr(user, "is_authenticated", False) else None
        obs.full_clean()
        obs.save()
        obs.changed = True
    # Computed actuals are rewritten month by month on every recompute: logged at debug, not info.
    (logger.debug if source == "computed" else logger.info)(
        "填报实际值 %s %s = %s%s（user=%s）",
        target.code,
        period_end,
        value,
        unit,
        getattr(user, "username", "-"),
    )
    return obs


def target_set_override(*, user, target: Target, status: str, reason: str) -> Target:
    if not can_edit_target(user, target):
        raise PermissionDenied(DENIED_TARGET.format(name=target))
    if status and not reason.strip():
        raise ValidationError("人工调整状态必须填写理由。")
    with transaction.atomic():
        target.status_override = status
        target.override_reason = reason.strip() if status else ""
        target.override_at = timezone.now() if status else None
        target.full_clean()
        target.save()
    return target


def owner_for(target: Target) -> str:
    return OWNER_CITY if target.owner_kind == OWNER_CITY else target.owner_label


def targets_init(*, user) -> list[str]:
    """`chanye init`: the default system's shipped targets, the first time only."""
    from django.conf import settings

    from chanye.core.steps import StepError
    from chanye.systems.definition import DefinitionError
    from chanye.systems.services import default_system

    from .definition import parse_targets
    from .selectors import known_refs

    system = default_system()
    path = settings.DEFAULT_TARGETS_FILE
    if system is None or system.targets.exists() or not path.exists():
        return []
    try:
        definition = parse_targets(path.read_text(encoding="utf-8"), known_refs(system))
    except DefinitionError as exc:
        raise StepError(f"默认目标文件 {path} 有问题：\n{exc}") from None
    return [targets_load(definition=definition, system=system, user=user, source=SOURCE_CLI).summary()]
