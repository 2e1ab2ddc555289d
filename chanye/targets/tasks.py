"""Scheduled work of the targets: the board's snapshots evaluated before the working day."""

from datetime import date

from django.utils import timezone
from django_tasks import task

from chanye.core.worker import named
from chanye.systems.models import System

from .snapshots import ensure_snapshots


@named("每日目标快照")
@task()
def snapshot_task(on: str = "") -> str:
    """Every target of every system evaluated as of today (what `chanye targets snapshot` does),
    so the first board view of the day is served from the snapshot."""
    day = date.fromisoformat(on) if on else timezone.localdate()  # the working day in the city's time zone
    lines = []
    for system in System.objects.order_by("pk"):
        fresh = ensure_snapshots(system=system, on=day)
        lines.append(f"「{system.name_zh}」：评估日 {day}，重新评估 {fresh.rebuilt} 个目标。")
    return "\n".join(lines)
