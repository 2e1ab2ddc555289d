"""Keep TargetSnapshot rows in step: drop them when inputs change, rebuild them on read.

BoardState.version is bumped (in SQL, so concurrent workers agree) with every drop; a system's
snapshots are fresh when they were built for the asked date at the current version. Anything
cached from snapshots (the board's counts) is keyed by that version, so no cache is ever stale.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from chanye.analytics import trajectory as tr
from chanye.core.pagecache import bump_data_version
from chanye.systems.signals import system_changed

from .models import BoardState, Observation, Target, TargetSnapshot
from .rows import row_html
from .selectors import evaluate_target, observation_rows, target_queryset

DECIMAL_LIMIT = Decimal("1e19")


def _clip(x):
    """Snapshots hold display values; absurd forecasts are stored as None rather than overflow."""
    if x is None or abs(x) >= DECIMAL_LIMIT:
        return None
    return round(x, 10)


def snapshot_of(row, on: date) -> TargetSnapshot:
    e = row.evaluation
    html = row_html(
        target=row.target,
        slug=row.target.system.slug,
        status=row.status,
        overridden=row.overridden,
        demo=row.demo,
        evaluation=e,
    )
    return TargetSnapshot(
        target=row.target,
        system_id=row.target.system_id,
        order=row.target.order,
        evaluated_on=on,
        status=row.status,
        severity=tr.SEVERITY[row.status],
        overridden=row.overridden,
        demo=row.demo,
        actual=_clip(e.actual),
        actual_date=e.actual_date,
        planned=_clip(e.planned),
        forecast=_clip(e.forecast),
        likelihood=e.likelihood or "",
        gap_per_month=_clip(e.gap_per_month),
        reason=e.reason[:300],
        row_html=html,
    )


CHUNK = 500  # targets evaluated per batch: bounds memory with many observations each


def board_state(system) -> BoardState:
    state, _ = BoardState.objects.get_or_create(system=system)
    return state


@dataclass(frozen=True)
class Freshness:
    key: str  # BoardState token and version the snapshots were built at: keys anything derived
    rebuilt: int  # snapshots rebuilt by this call


def ensure_snapshots(*, system, on: date) -> Freshness:
    """Evaluate the targets whose snapshot is missing or of another day."""
    state = board_state(system)
    if state.snapshots_on == on and state.snapshots_version == state.version:
        return Freshness(
            f"{state.token}:{state.version}", 0
        )  # nearly every board request: one primary-key read
    version = state.version  # read before rebuilding: a change during the rebuild leaves it stale
    stale_ids = list(
        Target.objects.filter(system=system).exclude(snapshot__evaluated_on=on).values_list("pk", flat=True)
    )
    for start in range(0, len(stale_ids), CHUNK):
        ids = stale_ids[start : start + CHUNK]
        observations = observation_rows(ids)
        targets = target_queryset(system).prefetch_related(None).filter(pk__in=ids)
        fresh = [snapshot_of(evaluate_target(t, on, observations.get(t.pk, [])), on) for t in targets]
        TargetSnapshot.objects.filter(target_id__in=ids).delete()
        TargetSnapshot.objects.bulk_create(fresh, batch_size=CHUNK)
    BoardState.objects.filter(pk=state.pk, version=version).update(snapshots_on=on, snapshots_version=version)
    return Freshness(f"{state.token}:{version}", len(stale_ids))


def _bump(**where) -> None:
    BoardState.objects.filter(**where).update(version=F("version") + 1)


def invalidate(*, system=None, targets=None) -> None:
    qs = TargetSnapshot.objects.all()
    if system is not None:
        qs = qs.filter(target__system=system)
        _bump(system=system)
    if targets is not None:
        qs = qs.filter(target__in=targets)
        _bump(
            system__in=Target.objects.filter(pk__in=[getattr(t, "pk", t) for t in targets]).values("system")
        )
    qs.delete()


def _system_changed(sender, system, **kwargs):
    """Names, owners and targets shown in board rows may have changed: rebuild them all."""
    invalidate(system=system)
    bump_data_version()


def _observation_changed(sender, instance, **kwargs):
    """Every target reading the series is stale, not only the one the value was entered through."""
    readers = Target.objects.filter(series_id=instance.series_id)
    TargetSnapshot.objects.filter(target__in=readers).delete()
    _bump(system__in=readers.values("system"))


def _target_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        TargetSnapshot.objects.filter(target_id=instance.pk).delete()
        _bump(system_id=instance.system_id)


def connect_signals() -> None:
    post_save.connect(_observation_changed, sender=Observation, dispatch_uid="snapshot-observation-save")
    post_delete.connect(_observation_changed, sender=Observation, dispatch_uid="snapshot-observation-delete")
    post_save.connect(_target_changed, sender=Target, dispatch_uid="snapshot-target-save")
    post_delete.connect(_target_changed, sender=Target, dispatch_uid="snapshot-target-delete")
    system_changed.connect(_system_changed, dispatch_uid="snapshot-system-changed")
