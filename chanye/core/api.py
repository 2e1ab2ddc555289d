"""The API's shared parts: one error shape, bounded pagination, the session auth."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.schema import DjangoGetter
from ninja.security import SessionAuth
from pydantic import ConfigDict, model_validator

logger = logging.getLogger(__name__)


class ErrorOut(Schema):
    ok: bool = False
    error: str
    errors: list[str]
    status: int


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Page(Schema):
    """Bounded pagination: `limit` is capped (CHANYE_API_MAX_PAGE_SIZE), `offset` too."""

    limit: int = Field(100, ge=1, le=settings.API_MAX_PAGE_SIZE, description="每页条数")
    offset: int = Field(0, ge=0, le=10_000_000, description="跳过条数")


class PatchSchema(Schema):
    """Base of every PATCH body: a JSON object, unknown fields rejected (no silent typos)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, value):
        # ninja validates twice: once on the raw body, then on it wrapped in a DjangoGetter.
        raw = value._obj if isinstance(value, DjangoGetter) else value
        if not isinstance(raw, dict):
            raise ValueError("请求体应为 JSON 对象。")
        return value


def paginate(queryset, page: Page) -> dict:
    """A page of a queryset, or of a list a selector already computed (e.g. with derived states)."""
    return {
        "count": len(queryset) if isinstance(queryset, list) else queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }


def error_response(api: NinjaAPI, request, status: int, errors: list[str]):
    return api.create_response(
        request, {"ok": False, "error": "；".join(errors), "errors": errors, "status": status}, status=status
    )


def _location(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "data", "page")]
    return ".".join(parts)


def _api_error_zh(error: dict) -> str:
    from .definitions import pydantic_error_zh

    kind = error.get("type", "")
    if kind == "value_error":
        # Our own validators raise ValueError("…中文…"); pydantic prefixes it with "Value error, ".
        return str(error.get("msg", "无效")).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return "不认识的字段，不能修改。请对照接口文档（/api/v1/docs）检查字段名。"
    if "type" in error and "loc" in error:
        return pydantic_error_zh({**error, "loc": tuple(error["loc"])})
    return str(error.get("msg", "无效"))


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _invalid(request, exc):
        errors = []
        for e in exc.errors:
            where = _location(e.get("loc", ()))
            msg = _api_error_zh(e)
            errors.append(f"{where}：{msg}" if where else msg)
        return error_response(api, request, 422, errors or ["请求数据无效。"])

    @api.exception_handler(ValidationError)
    def _django_invalid(request, exc):
        return error_response(api, request, 400, list(exc.messages))

    @api.exception_handler(PermissionDenied)
    def _denied(request, exc):
        return error_response(api, request, 403, [str(exc) or "无权执行此操作。"])

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return error_response(api, request, 404, [str(exc) or "找不到该对象。"])

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return error_response(api, request, 401, ["未登录或登录已过期。请先登录。"])

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        message = str(exc)
        if "CSRF" in message:
            message = "CSRF 校验失败：请从页面重新提交，或在请求头 X-CSRFToken 中带上 csrftoken。"
        return error_response(api, request, exc.status_code, [message])

    @api.exception_handler(Exception)
    def _crash(request, exc):
        logger.exception("接口内部错误：%s %s", request.method, request.path)
        return error_response(api, request, 500, ["服务器内部错误，已记录日志。请联系管理员。"])


session_auth = SessionAuth()


class ImportOut(Schema):
    """What an import through the API did (or, on a dry run or with errors, would have done)."""

    ok: bool
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: list[str]


def register_import(request, *, register, system, allowed: bool, denied: str, file, dry_run: bool):
    """POST …/import of a register: the role is asked before the file is read; then the import
    engine checks every cell and writes all rows or none. 200 when written (or a clean dry run),
    422 with the errors (where and how to fix) otherwise."""
    from .importing import error_line, import_register

    if not allowed:
        raise PermissionDenied(denied)
    outcome = import_register(
        register=register,
        system=system,
        user=request.user,
        content=file.read(),
        file_name=file.name,
        dry_run=dry_run,
    )
    body = {
        "ok": outcome.ok, "dry_run": dry_run, "rows": outcome.rows, "created": outcome.created, "updated": outcome.updated,
        "unchanged": outcome.unchanged, "errors": [error_line(e) for e in outcome.errors[:500]],
    }  # fmt: skip
    return Status(200 if outcome.ok else 422, body)


def import_route(router, path: str, *, register, system_of, allowed, denied: str, summary: str) -> None:
    """Add POST `path` to `router`: import a register's file through the engine (register_import).
    `system_of(slug)` finds the system, `allowed(user)` is the permission (accounts.permissions)."""
    from ninja import File, UploadedFile

    def endpoint(request, file: File[UploadedFile], system: str | None = None, dry_run: bool = False):
        return register_import(
            request,
            register=register,
            system=system_of(system),
            allowed=allowed(request.user),
            denied=denied,
            file=file,
            dry_run=dry_run,
        )

    operation_id = "import_" + path.strip("/").replace("/", "_").replace("-", "_").replace("{", "").replace(
        "}", ""
    )
    router.post(
        path, response={**ERRORS, 200: ImportOut, 422: ImportOut}, summary=summary, operation_id=operation_id
    )(endpoint)
