from django.shortcuts import render


def not_found(request, exception=None):
    message = (
        str(exception)
        if exception and str(exception) and "Resolver404" not in repr(exception)
        else "找不到您要的页面。"
    )
    if isinstance(exception, Exception) and exception.args and isinstance(exception.args[0], dict):
        message = "找不到您要的页面。"
    return render(
        request, "error.html", {"title": "页面不存在", "message": message, "status": 404}, status=404
    )


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有权限执行此操作。"
    return render(request, "error.html", {"title": "没有权限", "message": message, "status": 403}, status=403)


def server_error(request):
    return render(
        request,
        "error.html",
        {
            "title": "服务器错误",
            "message": "服务器内部错误，已记录日志。请稍后重试或联系管理员。",
            "status": 500,
        },
        status=500,
    )


def healthz(request):
    """Liveness and database check for load balancers and `make bench`'s baseline."""
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


def ping(request):
    """A trivial authenticated page (base layout, no data): the baseline of `make bench`."""
    return render(request, "core/ping.html", {})
