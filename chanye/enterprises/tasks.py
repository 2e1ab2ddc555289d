"""Background work of the enterprise registry, run by `chanye worker` (chanye/core/worker.py)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from chanye.core.worker import named

from .importing import import_enterprises, progress_path, spill_prefix
from .models import ImportBatch


@named("企业导入")
@task()
def run_import_batch(batch_id: int) -> str:
    """A large upload, stored by the import page, imported to the end (the page shows progress)."""
    batch = ImportBatch.objects.filter(pk=batch_id).select_related("system", "user").first()
    if batch is None or not batch.stored_path:
        return f"没有待运行的导入批次 {batch_id}。"
    try:
        batch = import_enterprises(batch=batch, path=batch.stored_path)
    finally:
        Path(batch.stored_path).unlink(missing_ok=True)
    if batch.dry_run:
        return f"{batch.file_name}：试导入{batch.get_status_display()}，未写入（如正式导入，将新增 {batch.created}，更新 {batch.updated}）。"
    return f"{batch.file_name}：{batch.get_status_display()}，新增 {batch.created}，更新 {batch.updated}。"


def import_abandoned(*, task_path: str, args: list) -> None:
    """The worker running an import was killed: the database rolled the import back; the batch
    says so, and the stored upload, the progress file and the spilled chunks are removed."""
    if task_path != run_import_batch.module_path or not args:
        return
    batch = ImportBatch.objects.filter(pk=args[0]).first()
    if batch is None or batch.status not in ("queued", "running"):
        return
    message = (
        "导入中断：后台任务进程在导入完成前停止，数据库未写入任何数据。请在“后台任务”页重试，或重新上传文件。"
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="error",
        stage="出错",
        finished_at=timezone.now(),
        errors=[{"row": None, "message": message}],
        error_count=1,
    )
    progress_path(batch.pk).unlink(missing_ok=True)
    for spill in (Path(settings.DATA_DIR) / "imports").glob(f"{spill_prefix(batch.pk)}*"):
        shutil.rmtree(spill, ignore_errors=True)
