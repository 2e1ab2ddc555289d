"""Deterministic demo actuals (演示数据) so a fresh install shows a living board.

Every row is written with origin "demo" and shown with the 演示数据 label; real entries are
never overwritten, and `chanye demo --clear` removes all demo rows.
"""

import random
import zlib
from datetime import date
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from chanye.analytics.months import month_ends
from chanye.analytics.units import compatible
from chanye.core.history import acting_as, current_request_id

from .models import Observation, Target

FACTORS = [Decimal("0.62"), Decimal("0.8"), Decimal("0.93"), Decimal("1.02"), Decimal("1.1"), Decimal("1.2")]


def _q(x: Decimal, whole: bool = False) -> Decimal:
    return x.quantize(Decimal("1") if whole else Decimal("0.01"))


def demo_rows(target: Target, today: date) -> list[tuple[date, Decimal, str, Decimal | None]]:
    """(period_end, value in the indicator unit, unit entered, base) rows for one target."""
    if target.deadline is None or target.kind == "long_range":
        return []
    rng = random.Random(zlib.crc32(target.code.encode()))
    factor = rng.choice(FACTORS)
    start = target.period_start or date(target.deadline.year if target.kind != "cumulative" else 2025, 1, 1)
    end = min(today, target.deadline)
    months = month_ends(start, end)
    if not months:
        return []
    unit = target.indicator.unit
    if target.kind == "growth_rate":
        goal = target.growth_rate_pct or target.value_std
        return [
            (d, _q(goal * factor + Decimal(rng.uniform(-1.5, 1.5)))) + ("%", None)
            for d in months
            if d.month % 3 == 0
        ]
    if target.kind == "annual_increment":
        level, rows = Decimal(14), [(date(start.year - 1, 12, 31), Decimal(14), unit, None)]
        for year in range(start.year, end.year + 1):
            level += _q(target.value_std * factor)
            if date(year, 12, 31) <= end:
                rows.append((date(year, 12, 31), level, unit, None))
        return rows
    total_months = len(month_ends(start, target.deadline))
    whole = compatible(unit, "个")  # counts of projects, firms, parks are whole numbers
    if target.indicator.aggregation in ("sum", "count"):
        per_month = target.value_std * factor / total_months
        return [(d, _q(per_month * Decimal(rng.uniform(0.6, 1.4)), whole), unit, None) for d in months]
    # A level rising towards factor × target by the deadline.
    return [
        (d, _q(target.value_std * factor * Decimal(i + 1) / total_months, whole), unit, None)
        for i, d in enumerate(months)
    ]


def demo_generate(*, system, today: date, user) -> int:
    """Bring the demo rows of every target in line with `today` (idempotent); returns rows written.

    Rows already right are left alone, so running it again the same day writes no history.
    """
    existing = {
        (o.series_id, o.period_end): o
        for o in Observation.objects.filter(series__indicator__system=system, origin="demo")
    }
    real = set(
        Observation.objects.filter(series__indicator__system=system)
        .exclude(origin="demo")
        .values_list("series_id", "period_end")
    )
    wanted, new, done = set(), [], set()
    with acting_as(user, source="cli"), transaction.atomic():
        # A target computed from records gets its actuals from the (demo) records, never invented.
        # Targets on one series share its values: the first target of a series makes them up.
        targets = Target.objects.filter(system=system, computation="").select_related("indicator")
        for target in targets.exclude(series__targets__computation__gt="").order_by("order"):
            if target.series_id in done:
                continue
            done.add(target.series_id)
            for period_end, value, unit, base in demo_rows(target, today):
                key = (target.series_id, period_end)
                if key in real:
                    continue
                wanted.add(key)
                old = existing.get(key)
                if old is None:
                    new.append(
                        Observation(
                            series_id=target.series_id,
                            target=target,
                            period_kind="month",
                            period_end=period_end,
                            value=value,
                            base_value=base,
                            value_as_entered=value,
                            unit_as_entered=unit,
                            origin="demo",
                            note="演示数据：随机生成，仅供演示",
                        )
                    )
                elif (old.value, old.base_value, old.unit_as_entered) != (value, base, unit):
                    old.value, old.value_as_entered, old.base_value, old.unit_as_entered = (
                        value,
                        value,
                        base,
                        unit,
                    )
                    old.save()
                    new.append(None)
        for key, old in existing.items():
            if key not in wanted:
                old.delete()
        created = [o for o in new if o is not None]
        from .snapshots import invalidate

        invalidate(system=system)  # bulk inserts send no signals
        bulk_create_with_history(
            created,
            Observation,
            batch_size=500,
            default_user=user,
            custom_historical_attrs={"source": "cli", "request_id": current_request_id()},
        )
    return len(new)


def demo_clear(*, system, user) -> int:
    with acting_as(user, source="cli"), transaction.atomic():
        deleted, _ = Observation.objects.filter(series__indicator__system=system, origin="demo").delete()
    return deleted


def targets_demo_step(*, system, user, today: date, enterprises: int, done: dict) -> list[str]:
    count = demo_generate(system=system, today=today, user=user)
    return [
        f"演示数据已更新：写入目标实际值 {count} 条（来源标注为“演示数据”，不会覆盖真实填报；已是最新的不重复写入）。"
    ]


def targets_demo_clear_step(*, system, user) -> list[str]:
    return [f"已删除演示数据 {demo_clear(system=system, user=user)} 条。"]
