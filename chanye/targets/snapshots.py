"""Keep TargetSnapshot rows in step: drop them when inputs change, rebuild them on read."""

from datetime import date
from decimal import Decimal

from django.db.models.signals import post_delete, post_save

from chanye.analytics import trajectory as tr

from .models import Observation, Target, TargetSnapshot
from .selectors import evaluate_target, target_queryset

DECIMAL_LIMIT = Decimal("1e19")


def _clip(x):
    """Snapshots hold display values; absurd forecasts are stored as None rather than overflow."""
    if x is None or abs(x) >= DECIMAL_LIMIT:
        return None
    return round(x, 10)


def snapshot_of(row, on: date) -> TargetSnapshot:
    e = row.evaluation
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
    )


CHUNK = 500  # targets evaluated per batch: bounds memory with many observations each


def ensure_snapshots(*, system, on: date) -> int:
    """Evaluate the targets whose snapshot is missing or of another day; returns how many."""
    # Fast path (every board request): two indexed counts instead of a join over all targets.
    if TargetSnapshot.objects.filter(system=system, evaluated_on=on).count() == Target.objects.filter(system=system).count():
        return 0
    stale_ids = list(Target.objects.filter(system=system).exclude(snapshot__evaluated_on=on).values_list("pk", flat=True))
    for start in range(0, len(stale_ids), CHUNK):
        ids = stale_ids[start : start + CHUNK]
        fresh = [snapshot_of(evaluate_target(t, on), on) for t in target_queryset(system).filter(pk__in=ids)]
        TargetSnapshot.objects.filter(target_id__in=ids).delete()
        TargetSnapshot.objects.bulk_create(fresh, batch_size=CHUNK)
    return len(stale_ids)


def invalidate(*, system=None, targets=None) -> None:
    qs = TargetSnapshot.objects.all()
    if system is not None:
        qs = qs.filter(target__system=system)
    if targets is not None:
        qs = qs.filter(target__in=targets)
    qs.delete()


def _observation_changed(sender, instance, **kwargs):
    TargetSnapshot.objects.filter(target_id=instance.target_id).delete()


def _target_changed(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        TargetSnapshot.objects.filter(target_id=instance.pk).delete()


def connect_signals() -> None:
    post_save.connect(_observation_changed, sender=Observation, dispatch_uid="snapshot-observation-save")
    post_delete.connect(_observation_changed, sender=Observation, dispatch_uid="snapshot-observation-delete")
    post_save.connect(_target_changed, sender=Target, dispatch_uid="snapshot-target-save")
