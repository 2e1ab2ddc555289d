"""Background and scheduled work on Django's tasks framework (django-tasks with its database
backend, so SQLite and PostgreSQL alike), run by `chanye worker` (docs/tasks.md).

- Tasks are plain `@task()` functions in each app's `tasks.py`, named in Chinese for the 后台任务
  page with `@named("企业导入")`.
- Schedules are data that apps declare on their AppConfig, like the init and demo steps:

      class TargetsConfig(AppConfig):
          schedules = {"targets-snapshot": ("daily", "00:05", "chanye.targets.tasks.snapshot_task")}

  Every worker checks them as it runs; a due time is enqueued once however many workers there
  are (ScheduledRun's unique key), so nobody adds a cron line.
- Heartbeats: a running worker records that it is alive. A task still "running" whose worker has
  gone quiet (the process was killed or the machine lost power) is marked failed with a message
  that says so, apps are told through the "task_abandoned" slot (the enterprise import marks its
  batch failed and removes its files), and the task can be retried from the page. Its writes were
  in a transaction the database already rolled back, so nothing of it is half-written.
"""

import logging
import os
import socket
from datetime import datetime, time, timedelta

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .contributions import providers
from .models import ScheduledRun, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(seconds=60)  # six missed heartbeats: the worker is gone
TASK_NAMES: dict[str, str] = {}  # task module path -> its Chinese name


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished."""


def named(label: str):
    """Give a task its Chinese name (shown on the 后台任务 page): put it above @task()."""

    def decorate(task_obj):
        TASK_NAMES[task_obj.module_path] = label
        return task_obj

    return decorate


def task_name(path: str) -> str:
    """The Chinese name of a task. The web process may not have imported the task's module yet
    (the worker did): importing it runs its @named."""
    if path not in TASK_NAMES:
        try:
            import_string(path)
        except ImportError:
            pass  # a task whose code was removed since it ran
    return TASK_NAMES.get(path, "其他任务")


# ---------------------------------------------------------------- schedules


def schedules() -> dict[str, tuple[str, str, str]]:
    """Every app's schedules: name -> (kind, when, task path). Kinds: "daily" at "HH:MM" (local
    time), "every" so many minutes ("15")."""
    return {
        name: spec
        for config in apps.get_app_configs()
        for name, spec in getattr(config, "schedules", {}).items()
    }


def last_due(kind: str, when: str, now: datetime) -> datetime:
    """The latest due time at or before `now` (aware, local time)."""
    now = timezone.localtime(now)
    if kind == "daily":
        hour, minute = (int(x) for x in when.split(":"))
        due = timezone.make_aware(datetime.combine(now.date(), time(hour, minute)))
        return due if due <= now else due - timedelta(days=1)
    if kind == "every":
        step = int(when) * 60
        midnight = timezone.make_aware(datetime.combine(now.date(), time(0)))
        seconds = int((now - midnight).total_seconds())
        return midnight + timedelta(seconds=seconds - seconds % step)
    raise ValueError(f"不认识的定时方式「{kind}」：可用 daily（每天 HH:MM）或 every（每隔若干分钟）。")


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue every schedule whose latest due time has not been enqueued yet; returns their names.
    A schedule never run before starts at its latest due time (no backlog of missed runs)."""
    now = now or timezone.now()
    started = []
    for name, (kind, when, path) in sorted(schedules().items()):
        due = last_due(kind, when, now)
        if ScheduledRun.objects.filter(name=name, due_at__gte=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=name, due_at=due)
                result = import_string(path).enqueue()
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker enqueued it first
        logger.info(
            "定时任务入队：%s（应运行时间 %s）", name, timezone.localtime(due).strftime("%Y-%m-%d %H:%M")
        )
        started.append(name)
    return started


# ---------------------------------------------------------------- heartbeats and abandoned tasks


def beat(worker_id: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, host=socket.gethostname()[:200], pid=os.getpid(), seen_at=now
        )


def reap_abandoned(now: datetime | None = None) -> list[str]:
    """Mark failed every running task whose worker has gone quiet; returns their ids."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - STALE_AFTER).values_list("worker_id", flat=True)
    )
    reaped = []
    for result in DBTaskResult.objects.running():
        worker = result.worker_ids[-1] if result.worker_ids else ""
        if worker in alive:
            continue
        result.set_failed(
            WorkerLost(
                "后台工作进程在任务完成前停止（进程被结束或机器重启）；本任务的写入已全部撤销，可重试。"
            )
        )
        args = result.args_kwargs.get("args", [])
        for handler in providers("task_abandoned"):
            handler(task_path=result.task_path, args=args)
        logger.warning(
            "任务 %s（%s）的工作进程 %s 已停止，标记为失败。",
            result.id,
            task_name(result.task_path),
            worker or "未知",
        )
        reaped.append(str(result.id))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return reaped


def housekeeping(worker_id: str) -> None:
    """What every worker does between tasks and while one runs: heartbeat, schedules, janitor."""
    beat(worker_id)
    enqueue_due()
    reap_abandoned()


def retry(result_id: str):
    """Enqueue a failed task again with the same arguments; returns the new result."""
    from django_tasks_db.models import DBTaskResult

    old = DBTaskResult.objects.get(pk=result_id)
    return old.task.enqueue(*old.args_kwargs.get("args", []), **old.args_kwargs.get("kwargs", {}))
