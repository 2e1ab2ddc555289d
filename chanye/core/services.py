from django.core.exceptions import ValidationError


def apply_changes(obj, data: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set the allowed fields of `obj` from `data`; return the names that really changed.

    Only changed objects are saved, so a no-op edit writes no history row.
    """
    unknown = set(data) - set(allowed)
    if unknown:
        labels = "、".join(sorted(unknown))
        raise ValidationError(f"不能修改字段：{labels}。可修改：{'、'.join(allowed)}。")
    changed = []
    for name, value in data.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def upsert(model, lookup: dict, values: dict):
    """Create the row, or update it when a value differs; (object, whether anything was written).
    Saved through the ORM, so each write has its history row."""
    current = model.objects.filter(**lookup).first()
    if current is None:
        return model.objects.create(**lookup, **values), True
    if all(getattr(current, k) == v for k, v in values.items()):
        return current, False
    for k, v in values.items():
        setattr(current, k, v)
    current.save()
    return current, True


def delete_demo(*, models, system, user) -> int:
    """Delete every 演示数据 row (origin "demo") of these models in the system, one by one so each
    deletion has its history row and Django applies on_delete; returns how many were deleted."""
    from django.db import transaction

    from chanye.core.history import SOURCE_CLI, acting_as
    from chanye.core.pagecache import bump_data_version

    n = 0
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        for model in models:
            for obj in model.objects.filter(system=system, origin="demo"):
                obj.delete()
                n += 1
    bump_data_version()
    return n
