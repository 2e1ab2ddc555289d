"""Write a loaded system back out as a definition file that loads to the same state."""

from decimal import Decimal

import yaml

from chanye.core.contributions import providers

from .definition import FORMAT
from .models import Element, Source, System


def number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def compact(d: dict) -> dict:
    """Drop empty optional fields, so the file reads like one written by hand."""
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}


def sourced(obj) -> dict:
    return {"confidence": obj.confidence, "sources": list(obj.source_ids)}


def system_export_dict(system: System) -> dict:
    out = {
        "format": FORMAT,
        "system": compact(
            {
                "slug": system.slug,
                "code": system.code,
                "name_zh": system.name_zh,
                "name_en": system.name_en,
                "city": compact(
                    {"name_zh": system.city_name_zh, "name_en": system.city_name_en, "code": system.city_code}
                ),
                "as_of": system.as_of,
                "description_zh": system.description_zh,
                "sources": list(system.source_ids),
            }
        ),
        "sources": [
            compact({"id": s.key, **{f: getattr(s, f) for f in Source.DEFINITION_FIELDS}})
            for s in system.sources.all()
        ],
        "elements": [],
        "industry_groups": [],
        "industries": [],
        "offices": [],
        "districts": [],
    }
    for e in system.elements.filter(parent=None).prefetch_related("parts"):
        item = {
            "key": e.key,
            "kind": e.kind,
            "name_zh": e.name_zh,
            "name_en": e.name_en,
            "verb_zh": e.verb_zh,
            "halves": [
                compact({"key": h.key, "name_zh": h.name_zh, "name_en": h.name_en}) for h in e.parts.all()
            ],
            "numbers": [
                compact(dict(n)) | ({"value": n["value"]} if n.get("value") is not None else {})
                for n in e.numbers
            ],
            "owner_zh": e.owner_zh,
            "quote": e.quote,
            "description_zh": e.description_zh,
            "note": e.note,
        }
        out["elements"].append(compact(item) | sourced(e))
    # The industries, offices and districts: written by the apps that hold them (slot
    # "definition_export"), into the keys above so the file keeps its order.
    for section in providers("definition_export"):
        out.update(section(system=system))
    items = list(system.package_items.all())
    if items:
        categories: dict[str, dict] = {}
        for it in items:
            cat = categories.setdefault(
                it.category_key, {"key": it.category_key, "name_zh": it.category_name_zh, "items": []}
            )
            cat["items"].append(compact({"key": it.key, "name_zh": it.name_zh, "name_en": it.name_en}))
        out["support_package"] = compact(
            {
                "name_zh": system.package_name_zh,
                "sources": list(system.package_source_ids),
                "categories": list(categories.values()),
            }
        )
    return out


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_data(number(v)))


def system_export_yaml(system: System) -> str:
    header = (
        f"# {system.name_zh} — 由 chanye system export 导出\n"
        "# 格式说明：docs/system-definition.md。可编辑后用 chanye system load 重新载入。\n"
    )
    body = yaml.dump(
        system_export_dict(system), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120
    )
    return header + body


ELEMENT_KINDS_TOP = [k for k, _ in Element.KIND_CHOICES if k != Element.KIND_HALF]
