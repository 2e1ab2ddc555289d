"""Pages of the top floor: the 后台任务 list (every app's background and scheduled work)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from chanye.accounts.permissions import DENIED_TASKS, can_manage_tasks
from chanye.core.worker import retry, task_name
from chanye.systems.selectors import system_get

STATUS_ZH = {"READY": "排队中", "RUNNING": "运行中", "SUCCESSFUL": "完成", "FAILED": "失败"}


def _error(result: DBTaskResult) -> str:
    """The failure as a person reads it: the exception's message, without the traceback."""
    lines = [line for line in result.traceback.strip().splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return last.split(": ", 1)[1] if ": " in last else last


def task_list(request):
    if not can_manage_tasks(request.user):
        raise PermissionDenied(DENIED_TASKS)
    rows = [
        {
            "result": r,
            "name": task_name(r.task_path),
            "status": STATUS_ZH.get(r.status, r.status),
            "error": _error(r) if r.status == "FAILED" else "",
            "outcome": r.return_value if r.status == "SUCCESSFUL" and isinstance(r.return_value, str) else "",
        }
        for r in DBTaskResult.objects.order_by("-enqueued_at")[:200]
    ]
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    return render(request, "site/task_list.html", {"system": system_get(), "rows": rows, "failed": failed})


@require_POST
def task_retry(request, pk):
    if not can_manage_tasks(request.user):
        raise PermissionDenied(DENIED_TASKS)
    result = DBTaskResult.objects.filter(pk=pk, status="FAILED").first()
    if result is None:
        raise Http404("没有这个失败的任务。")
    retry(str(result.pk))
    messages.success(request, f"已重新排队：{task_name(result.task_path)}。后台任务进程会按顺序执行。")
    return redirect("site:task_list")
