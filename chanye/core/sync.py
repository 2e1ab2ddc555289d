"""Loading a definition file into the database: upsert by natural key, insert new rows in bulk
with their history, prune rows the file no longer has, and report what changed.

Shared by the system loader and the targets loader (and any app that loads a definition file).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ProtectedError
from simple_history.utils import bulk_create_with_history

from .history import current_request_id, current_source, get_history_user


@dataclass
class LoadReport:
    system: object = None  # the system loaded (its name_zh heads the summary)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        if not self.changed:
            return f"「{self.system.name_zh}」已是最新，没有任何变更。"

        def part(counter):
            return "、".join(f"{label} {n}" for label, n in counter.items()) or "无"

        return f"已载入「{self.system.name_zh}」：新增 {part(self.created)}；更新 {part(self.updated)}；删除 {part(self.deleted)}。"


def _differs(obj, name, value) -> bool:
    if isinstance(value, models.Model):
        return getattr(obj, f"{name}_id") != value.pk
    if value is None and isinstance(obj._meta.get_field(name), models.ForeignKey):
        return getattr(obj, f"{name}_id") is not None
    return getattr(obj, name) != value


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


class Sync:
    """Upsert rows of a definition by natural key, queue new rows for bulk insert with history,
    prune the rows a reloaded file no longer has, and count all of it in a LoadReport."""

    def __init__(self, report: LoadReport):
        self.report = report
        self._existing: dict[tuple, dict] = {}
        self._pending: dict[type, list] = {}

    def _find(self, model, lookup: dict):
        """Existing row for `lookup`, read once per scope (all but the last lookup field).

        One query per model and parent instead of one per row keeps a reload fast.
        """
        *scope, (name, value) = lookup.items()
        if any(isinstance(v, models.Model) and v.pk is None for _, v in scope):
            return None  # the parent is new in this load, so it has no rows yet
        field = model._meta.get_field(name)
        attname = field.attname
        cache_key = (model, tuple((k, _plain(v)) for k, v in scope), attname)
        if cache_key not in self._existing:
            rows = model.objects.filter(**dict(scope))
            self._existing[cache_key] = {getattr(o, attname): o for o in rows}
        return self._existing[cache_key].get(_plain(value))

    def upsert(self, model, lookup: dict, values: dict):
        label = model._meta.verbose_name
        obj = self._find(model, lookup)
        if obj is None:
            obj = model(**lookup, **values)
            self._pending.setdefault(model, []).append(obj)
            self.report.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
            self.report.updated[label] += 1
        return obj

    def create(self, obj):
        self._pending.setdefault(type(obj), []).append(obj)
        self.report.created[obj._meta.verbose_name] += 1

    def flush(self):
        """Insert the queued new rows model by model (parents were queued first), history in bulk.

        A first load of a whole city is ~800 rows: row-by-row saves with their history rows
        cost one round trip each; this costs a few per model.
        """
        attrs = {"source": current_source(), "request_id": current_request_id()}
        for model, objs in self._pending.items():
            bulk_create_with_history(
                objs, model, batch_size=500, default_user=get_history_user(), custom_historical_attrs=attrs
            )
        self._pending.clear()

    def prune_children(self, model, parent_field: str, parent, keep: list):
        if parent.pk is not None:  # a parent created in this load has no old children
            self.prune(model.objects.filter(**{parent_field: parent}), keep)

    def prune(self, queryset, keep: list):
        for obj in queryset.exclude(pk__in=[o.pk for o in keep if o.pk is not None]):
            self.report.deleted[obj._meta.verbose_name] += 1
            try:
                obj.delete()
            except ProtectedError as exc:
                users = "、".join(sorted({str(o) for o in exc.protected_objects})[:5])
                raise ValidationError(
                    f"文件中删去了{obj._meta.verbose_name}「{obj}」，但它仍被使用（{users}）。"
                    "请先调整这些数据，或在文件中保留该条目。数据库未做任何改动。"
                ) from None
