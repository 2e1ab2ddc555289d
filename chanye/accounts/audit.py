"""The one audit helper for downloads: every export of data (Excel, CSV, PDF) is a file response
made here, and writes the same security-log event (who, from where, what), which the security
log keeps apart from the data history (house style §6, reliability: 等保 审计)."""

from urllib.parse import quote

from django.http import HttpResponse

from .models import SecurityEvent

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def export_logged(request, detail: str) -> None:
    """Record that this user exported `detail` (e.g. "目标看板 guangzhou-12218")."""
    SecurityEvent.objects.create(
        kind="export", username=request.user.username, ip_address=client_ip(request), detail=detail[:500]
    )


def download(request, content: bytes, *, file_name: str, what: str | None) -> HttpResponse:
    """A file download; `what` names the data exported for the security log, None for a blank
    import template (no data leaves the system)."""
    extension = file_name.rsplit(".", 1)[-1].lower()
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    if what is not None:
        export_logged(request, what)
    return response
