import uuid

from django.http import JsonResponse

from .history import SOURCE_API, SOURCE_WEB, change_source


class ChangeSourceMiddleware:
    """Marks every change made during a request as coming from the web pages or the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = SOURCE_API if request.path.startswith("/api/") else SOURCE_WEB
        request.request_id = uuid.uuid4().hex
        with change_source(source, request.request_id):
            return self.get_response(request)


class RejectNulMiddleware:
    """PostgreSQL rejects NUL in text: a %00 in a query string would be a 500 there, not on SQLite."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in v for vs in request.GET.lists() for v in vs[1]):
            message = "请求中含有空字符（%00），已拒绝。请去掉后重试。"
            return JsonResponse(
                {"ok": False, "error": message, "errors": [message], "status": 400}, status=400
            )
        return self.get_response(request)


class LoginRequiredMiddleware:
    """Every page needs a login. The API answers 401 itself (JSON), so it is left to django-ninja."""

    OPEN_PREFIXES = ("/accounts/login/", "/static/", "/api/", "/admin/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(self.OPEN_PREFIXES):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
