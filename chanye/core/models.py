from django.db import models

CONFIDENCE_HIGH = "high"
CONFIDENCE_MEDIUM = "medium"
CONFIDENCE_LOW = "low"
CONFIDENCE_UNVERIFIED = "unverified"
CONFIDENCE_CHOICES = [
    (CONFIDENCE_HIGH, "高"),
    (CONFIDENCE_MEDIUM, "中"),
    (CONFIDENCE_LOW, "低"),
    (CONFIDENCE_UNVERIFIED, "未核实"),
]


class Sourced(models.Model):
    """Provenance every definition entry carries: which documents say so, and how sure we are."""

    confidence = models.CharField(
        "可信度", max_length=12, choices=CONFIDENCE_CHOICES, default=CONFIDENCE_HIGH
    )
    source_ids = models.JSONField("来源", default=list, blank=True)

    class Meta:
        abstract = True

    @property
    def is_unconfirmed(self) -> bool:
        return self.confidence in (CONFIDENCE_LOW, CONFIDENCE_UNVERIFIED)


class DataVersion(models.Model):
    """One counter, bumped (in SQL) by every change of business data: pages cached under it are
    never stale. Bumped by every history row written through the ORM, and explicitly by the bulk
    paths that write history in SQL (definition loads, imports, re-classification)."""

    value = models.PositiveBigIntegerField("版本", default=1)

    class Meta:
        verbose_name = "数据版本"
        verbose_name_plural = "数据版本"

    def __str__(self):
        return str(self.value)


class WorkerHeartbeat(models.Model):
    """A task worker that is alive says so every few seconds; a running task whose worker has gone
    quiet was abandoned (the process was killed) and is marked failed (chanye/core/worker.py)."""

    worker_id = models.CharField("工作进程", max_length=64, primary_key=True)
    host = models.CharField("主机", max_length=200, blank=True)
    pid = models.PositiveIntegerField("进程号", default=0)
    started_at = models.DateTimeField("启动时间", auto_now_add=True)
    seen_at = models.DateTimeField("最近心跳", db_index=True)

    class Meta:
        verbose_name = "后台工作进程"
        verbose_name_plural = "后台工作进程"

    def __str__(self):
        return f"{self.host}:{self.pid}"


class ScheduledRun(models.Model):
    """One due time of a scheduled job, enqueued once: the unique key keeps two workers (on one
    machine or several sharing the database) from enqueueing the same nightly run twice."""

    name = models.CharField("定时任务", max_length=100)
    due_at = models.DateTimeField("应运行时间")
    enqueued_at = models.DateTimeField("入队时间", auto_now_add=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)

    class Meta:
        verbose_name = "定时任务运行"
        verbose_name_plural = "定时任务运行"
        constraints = [models.UniqueConstraint(fields=["name", "due_at"], name="scheduled_run_once")]

    def __str__(self):
        return f"{self.name} @ {self.due_at:%Y-%m-%d %H:%M}"
