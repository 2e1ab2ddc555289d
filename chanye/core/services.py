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
