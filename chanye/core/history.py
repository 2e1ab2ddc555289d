"""Who changed what, and from where (NetBox's change-logging idea on django-simple-history).

Web and API requests get their user from simple-history's request middleware and their source
from ChangeSourceMiddleware. Commands and imports have no request, so they wrap their writes in
`acting_as(user, source=...)`; the history getter below reads that context first.
"""

import contextlib
import uuid
from contextvars import ContextVar

from django.db import models

SOURCE_WEB = "web"
SOURCE_API = "api"
SOURCE_CLI = "cli"
SOURCE_IMPORT = "import"
SOURCE_SYSTEM = "system"
SOURCE_CHOICES = [
    (SOURCE_WEB, "网页"),
    (SOURCE_API, "接口"),
    (SOURCE_CLI, "命令行"),
    (SOURCE_IMPORT, "导入"),
    (SOURCE_SYSTEM, "系统"),
]

_actor: ContextVar = ContextVar("chanye_actor", default=None)
_source: ContextVar = ContextVar("chanye_source", default=SOURCE_SYSTEM)
_request_id: ContextVar = ContextVar("chanye_request_id", default="")


@contextlib.contextmanager
def acting_as(user, *, source: str):
    """Attribute every history row written inside the block to `user` and `source`."""
    tokens = (_actor.set(user), _source.set(source), _request_id.set(uuid.uuid4().hex))
    try:
        yield
    finally:
        _actor.reset(tokens[0])
        _source.reset(tokens[1])
        _request_id.reset(tokens[2])


@contextlib.contextmanager
def change_source(source: str, request_id: str = ""):
    tokens = (_source.set(source), _request_id.set(request_id or uuid.uuid4().hex))
    try:
        yield
    finally:
        _source.reset(tokens[0])
        _request_id.reset(tokens[1])


def current_source() -> str:
    return _source.get()


def current_request_id() -> str:
    return _request_id.get()


def get_history_user(instance=None, request=None, **kwargs):
    """simple-history `get_user` hook: the acting_as() user wins, then the request's user."""
    actor = _actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


class HistoricalSourceModel(models.Model):
    """Extra columns on every historical table: where the change came from."""

    source = models.CharField("来源", max_length=10, choices=SOURCE_CHOICES, default=SOURCE_SYSTEM)
    request_id = models.CharField("请求编号", max_length=32, blank=True, default="")

    class Meta:
        abstract = True


def history(**kwargs):
    """The one way business models declare their history table."""
    from simple_history.models import HistoricalRecords

    return HistoricalRecords(bases=[HistoricalSourceModel], get_user=get_history_user, **kwargs)
