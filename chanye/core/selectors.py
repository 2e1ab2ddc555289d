"""Change history, read for the 变更记录 tab of every object."""

from dataclasses import dataclass
from datetime import datetime

from .history import SOURCE_CHOICES

TYPE_LABELS = {"+": "新增", "~": "修改", "-": "删除"}
SOURCE_LABELS = dict(SOURCE_CHOICES)


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    object_label: str
    model_label: str
    type_label: str
    user: str
    source: str
    changes: tuple[Change, ...]
    history_id: int


def _label_for(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except Exception:
        return field_name


def history_rows(*querysets, limit: int = 200) -> list[HistoryRow]:
    """Merge historical querysets (newest first) and work out each row's field changes."""
    records = []
    for qs in querysets:
        records.extend(qs.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
    records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
    rows = []
    for record in records[:limit]:
        changes: tuple[Change, ...] = ()
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                model = record.instance_type
                changes = tuple(Change(_label_for(model, c.field), c.old, c.new) for c in delta.changes)
        rows.append(
            HistoryRow(
                at=record.history_date,
                object_label=str(record.history_object)
                if record.history_type != "-"
                else f"{record.history_object}",
                model_label=str(record.instance_type._meta.verbose_name),
                type_label=TYPE_LABELS.get(record.history_type, record.history_type),
                user=person_label(record.history_user) if record.history_user else "（未知）",
                source=SOURCE_LABELS.get(record.source, record.source),
                changes=changes,
                history_id=record.history_id,
            )
        )
    return rows


# The built-in accounts sign command-line and demo writes: people see who that is, not a login name.
BUILTIN_PEOPLE = {"cli": "系统（命令行）", "readonly": "系统（只读）"}


def person_label(user) -> str:
    """A user as pages name them: the display name, else the login name; "—" for nobody."""
    if user is None:
        return "—"
    if user.username in BUILTIN_PEOPLE:
        return BUILTIN_PEOPLE[user.username]
    profile = getattr(user, "profile", None)
    return (profile.display_name if profile is not None and profile.display_name else "") or user.username
