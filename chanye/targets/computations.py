"""Computed actuals: a registry of named computations that read records instead of typed totals.

A target names its computation (`computation:` in the targets file); its actuals are then
written by the computation (origin 计算) whenever the records it depends on change, and by
`chanye targets recompute`. Later modules (projects, land, parks) register theirs here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Computation:
    name: str
    label_zh: str
    unit: str
    depends_on: tuple[str, ...]  # "app_label.Model" whose changes make the actual stale
    # (system, target, on) -> [(period_end, value)] or [(period_end, value, demo)], demo = the
    # records behind the value include 演示数据
    compute: Callable[..., list[tuple]]
    # True: the computation returns every period's flow, so a computed row for a period it no
    # longer returns (a record moved to another month, or deleted) is stale and removed.
    complete: bool = False
    records: str = ""  # URL name of the page where the records are kept (for "导入记录" links)


REGISTRY: dict[str, Computation] = {}


def register(
    name: str,
    label_zh: str,
    *,
    unit: str,
    depends_on: tuple[str, ...],
    complete: bool = False,
    records: str = "",
):
    def decorate(fn):
        REGISTRY[name] = Computation(name, label_zh, unit, depends_on, fn, complete, records)
        return fn

    return decorate


@register(
    "support_items_done", "已完成的“3+5+3+1”配套事项数", unit="项", depends_on=("industries.SupportItem",)
)
def _support_items_done(system, target, on: date):
    # The same count the matrix and the overview show (the three list items derived from the lists).
    from chanye.industries.models import SupportItem
    from chanye.industries.selectors import support_item_totals

    industries = [i.pk for i in target.industries.all()] or None
    return [(on, Decimal(support_item_totals(system, industries=industries)[SupportItem.STATUS_DONE]))]


def recompute(*, system, user, on: date | None = None, names: set[str] | None = None) -> int:
    """Write the computed actuals of every target with a computation; returns rows written."""
    from .models import Observation, Target
    from .services import observation_record

    on = on or date.today()
    written = 0
    targets = Target.objects.filter(system=system).exclude(computation="").select_related("indicator")
    for target in targets:
        if names is not None and target.computation not in names:
            continue
        computation = REGISTRY.get(target.computation)
        if computation is None:
            logger.warning("目标 %s 引用了未注册的计算规则 %s", target.code, target.computation)
            continue
        ends = []
        for period_end, value, *demo in computation.compute(system, target, on):
            observation_record(
                user=user,
                target=target,
                period_end=period_end,
                value=value,
                unit=computation.unit,
                source="computed",
                computation=computation.name,
                note=computation.label_zh + ("（所用记录含演示数据）" if demo and demo[0] else ""),
                demo_inputs=bool(demo and demo[0]),
            )
            ends.append(period_end)
            written += 1
        if computation.complete:
            Observation.objects.filter(
                series_id=target.series_id, origin="computed", computation=computation.name
            ).exclude(period_end__in=ends).delete()
    return written


def _on_change(sender, instance, **kwargs):
    names = {c.name for c in REGISTRY.values() if sender._meta.label in c.depends_on}
    system = _system_of(instance)
    if not names or system is None:
        return

    # Many records saved in one transaction (a demo, a clean-up) recompute once, after commit: a
    # callback still queued on this connection takes the new names. A rolled-back transaction
    # drops its queue, so the next change queues afresh.
    conn = transaction.get_connection()
    queued = _PENDING.get((id(conn), system.pk))
    if queued is not None and any(entry[1] is queued[0] for entry in conn.run_on_commit):
        queued[1].update(names)
        return
    pending = set(names)

    def run():
        from chanye.accounts.services import cli_user
        from chanye.core.history import acting_as, current_source

        _PENDING.pop((id(conn), system.pk), None)
        with acting_as(cli_user(), source=current_source()):
            recompute(system=system, user=cli_user(), names=pending)

    _PENDING[(id(conn), system.pk)] = (run, pending)
    transaction.on_commit(run)


_PENDING: dict[tuple, tuple] = {}


def _system_of(instance):
    for path in ("system", "industry.system", "district.system"):
        obj = instance
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None:
            return obj
    return None


def connect_signals() -> None:
    models = {label for c in REGISTRY.values() for label in c.depends_on}
    for label in models:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"computations-{label}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"computations-{label}-delete")


def recompute_register(register, system, user) -> None:
    """After-write hook of an import register: the targets computed from its rows, recomputed in
    the import's transaction (bulk writes send no signals)."""
    if register.computations:
        recompute(system=system, user=user, names=set(register.computations))


# ---------------------------------------------------------------- helpers of the apps' computations


def target_window(target, on: date) -> tuple[date | None, date]:
    """From the period start (or the baseline date; else the first record) to today or the
    deadline, whichever is first."""
    end = min(on, target.deadline) if target.deadline else on
    return target.period_start or target.baseline_date, end


def flag_demo(flows, qs, date_field: str, start, end) -> list[tuple]:
    """The flows, each marked whether 演示数据 records fall inside the window."""
    window = {f"{date_field}__lte": end} | ({f"{date_field}__gte": start} if start else {})
    demo = qs.filter(origin="demo", **window).exists()
    return [(d, v, demo) for d, v in flows]


def scoped_to_target(qs, target):
    """A district's target counts its district's records only; a city target counts all."""
    return qs.filter(district=target.district) if target.district_id else qs
