"""The task worker: queued tasks run, schedules enqueue once per due time however many workers
there are, and a task whose worker was killed is marked failed and can be retried."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chanye.core import worker
from chanye.core.models import ScheduledRun, WorkerHeartbeat
from chanye.core.tests import tasks_for_tests
from chanye.core.tests.tasks_for_tests import boom, echo


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


@pytest.mark.parametrize(
    ("kind", "when", "now", "due"),
    [
        ("daily", "00:05", "2025-06-30 00:04", "2025-06-29 00:05"),
        ("daily", "00:05", "2025-06-30 00:05", "2025-06-30 00:05"),
        ("daily", "00:05", "2025-06-30 23:59", "2025-06-30 00:05"),
        ("daily", "07:30", "2025-01-01 06:00", "2024-12-31 07:30"),
        ("every", "15", "2025-06-30 10:44", "2025-06-30 10:30"),
        ("every", "15", "2025-06-30 10:45", "2025-06-30 10:45"),
    ],
)
def test_the_last_due_time_of_a_schedule(kind, when, now, due):
    assert worker.last_due(kind, when, at(now)) == at(due)


def test_an_unknown_schedule_kind_is_refused_with_the_kinds_there_are():
    with pytest.raises(ValueError) as caught:
        worker.last_due("weekly", "1", at("2025-06-30 10:00"))
    assert (
        str(caught.value) == "不认识的定时方式「weekly」：可用 daily（每天 HH:MM）或 every（每隔若干分钟）。"
    )


def test_the_nightly_snapshot_is_declared_by_the_targets_app():
    assert worker.schedules()["targets-snapshot"] == ("daily", "00:05", "chanye.targets.tasks.snapshot_task")


def test_a_due_schedule_is_enqueued_once_however_often_workers_look(db):
    first = worker.enqueue_due(at("2025-06-30 00:06"))
    again = worker.enqueue_due(at("2025-06-30 09:00"))  # a second worker, later the same day
    next_day = worker.enqueue_due(at("2025-07-01 00:05"))

    assert (first, again, next_day) == (["targets-snapshot"], [], ["targets-snapshot"])
    runs = list(ScheduledRun.objects.order_by("due_at").values_list("name", "due_at"))
    assert runs == [
        ("targets-snapshot", at("2025-06-30 00:05")),
        ("targets-snapshot", at("2025-07-01 00:05")),
    ]
    queued = DBTaskResult.objects.filter(task_path="chanye.targets.tasks.snapshot_task")
    assert queued.count() == 2 and {str(r.pk) for r in queued} == set(
        ScheduledRun.objects.values_list("task_id", flat=True)
    )


def test_the_worker_runs_the_nightly_snapshot_of_every_target(targets, system, run_worker):
    from chanye.targets.models import TargetSnapshot

    worker.enqueue_due(timezone.now())
    run_worker()

    result = DBTaskResult.objects.get(task_path="chanye.targets.tasks.snapshot_task")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == f"「{system.name_zh}」：评估日 {timezone.localdate()}，重新评估 45 个目标。"
    assert TargetSnapshot.objects.filter(system=system, evaluated_on=timezone.localdate()).count() == 45


def test_the_worker_runs_queued_tasks_and_records_failures(db, run_worker):
    tasks_for_tests.CALLS.clear()
    ok = echo.enqueue("天河")
    bad = boom.enqueue(7)

    run_worker()

    assert tasks_for_tests.CALLS == ["天河"]
    assert DBTaskResult.objects.get(pk=ok.id).return_value == "收到 天河"
    failed = DBTaskResult.objects.get(pk=bad.id)
    assert failed.status == "FAILED" and failed.traceback.strip().endswith(
        "ValueError: 第 7 行的数据无法处理"
    )
    assert WorkerHeartbeat.objects.count() == 1


def test_a_running_task_whose_worker_went_quiet_is_marked_failed_and_can_be_retried(db):
    result = echo.enqueue("番禺")
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("dead-worker")
    WorkerHeartbeat.objects.create(worker_id="dead-worker", seen_at=timezone.now() - timedelta(minutes=5))
    WorkerHeartbeat.objects.create(worker_id="live-worker", seen_at=timezone.now())
    alive = echo.enqueue("海珠")
    DBTaskResult.objects.get(pk=alive.id).claim("live-worker")

    assert worker.reap_abandoned() == [str(result.id)]

    row.refresh_from_db()
    assert row.status == "FAILED" and "后台工作进程在任务完成前停止" in row.traceback
    assert DBTaskResult.objects.get(pk=alive.id).status == "RUNNING"
    again = worker.retry(str(row.pk))
    assert DBTaskResult.objects.get(pk=again.id).status == "READY"
    assert DBTaskResult.objects.get(pk=again.id).args_kwargs == {"args": ["番禺"], "kwargs": {}}
