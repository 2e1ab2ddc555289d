"""Write a loaded system back out as a definition file that loads to the same state."""

from decimal import Decimal

import yaml

from chanye.industries.models import Industry

from .definition import FORMAT
from .models import Element, System


def _num(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _compact(d: dict) -> dict:
    """Drop empty optional fields, so the file reads like one written by hand."""
    return {k: v for k, v in d.items() if v not in ("", None, [], {})}


def _sourced(obj) -> dict:
    return {"confidence": obj.confidence, "sources": list(obj.source_ids)}


def system_export_dict(system: System) -> dict:
    out = {
        "format": FORMAT,
        "system": _compact(
            {
                "slug": system.slug,
                "code": system.code,
                "name_zh": system.name_zh,
                "name_en": system.name_en,
                "city": _compact({"name_zh": system.city_name_zh, "name_en": system.city_name_en, "code": system.city_code}),
                "as_of": system.as_of,
                "description_zh": system.description_zh,
                "sources": list(system.source_ids),
            }
        ),
        "sources": [
            _compact({"id": s.key, "title": s.title, "url": s.url, "kind": s.kind, "date": s.date, "note": s.note})
            for s in system.sources.all()
        ],
        "elements": [],
        "industry_groups": [
            _compact(
                {"key": g.key, "name_zh": g.name_zh, "name_en": g.name_en, "family_zh": g.family_zh, "expected_count": g.expected_count}
            )
            for g in system.industry_groups.all()
        ],
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
            "halves": [_compact({"key": h.key, "name_zh": h.name_zh, "name_en": h.name_en}) for h in e.parts.all()],
            "numbers": [_compact(dict(n)) | ({"value": n["value"]} if n.get("value") is not None else {}) for n in e.numbers],
            "owner_zh": e.owner_zh,
            "quote": e.quote,
            "description_zh": e.description_zh,
            "note": e.note,
        }
        out["elements"].append(_compact(item) | _sourced(e))
    industries = system.industries.select_related("group").prefetch_related("sub_industries", "segments")
    for ind in industries:
        item = {
            "slug": ind.slug,
            "group": ind.group.key,
            "name_zh": ind.name_zh,
            "name_en": ind.name_en,
            "status": ind.status if ind.status != Industry.STATUS_CONFIRMED else "",
            "notes_zh": ind.notes_zh,
            "alt_names_zh": list(ind.alt_names_zh),
            "candidates_zh": list(ind.candidates_zh),
            "sub_industries": [_compact({"slug": s.slug, "name_zh": s.name_zh, "name_en": s.name_en}) for s in ind.sub_industries.all()],
            "segments": [
                _compact({"key": s.key, "name_zh": s.name_zh, "name_en": s.name_en, "stage": s.stage, "description_zh": s.description_zh})
                for s in ind.segments.all()
            ],
        }
        out["industries"].append(_compact(item) | _sourced(ind))
    for o in system.offices.prefetch_related("industries"):
        item = {
            "key": o.key,
            "name_zh": o.name_zh,
            "name_en": o.name_en,
            "industries": [i.slug for i in o.industries.order_by("order")],
            "lead_body_zh": o.lead_body_zh,
            "note": o.note,
        }
        out["offices"].append(_compact(item) | {"industries": item["industries"]} | _sourced(o))
    districts = system.districts.prefetch_related("priorities__industry", "named_systems", "facts")
    for x in districts:
        item = {
            "code": x.code,
            "slug": x.slug,
            "name_zh": x.name_zh,
            "name_en": x.name_en,
            "area_km2": _num(x.area_km2),
            "area_confidence": x.area_confidence,
            "area_sources": list(x.area_source_ids),
            "layout_zh": x.layout_zh,
            "priority_industries": [
                _compact({"industry": p.industry.slug, "role_zh": p.role_zh}) | _sourced(p) for p in x.priorities.all()
            ],
            "named_systems": [
                _compact({"name_zh": n.name_zh, "composition_zh": n.composition_zh}) | _sourced(n) for n in x.named_systems.all()
            ],
            "facts": [
                _compact({"key": f.key, "name_zh": f.name_zh, "value": _num(f.value), "unit": f.unit, "year": f.year}) | _sourced(f)
                for f in x.facts.all()
            ],
        }
        out["districts"].append(_compact(item))
    items = list(system.package_items.all())
    if items:
        categories: dict[str, dict] = {}
        for it in items:
            cat = categories.setdefault(it.category_key, {"key": it.category_key, "name_zh": it.category_name_zh, "items": []})
            cat["items"].append(_compact({"key": it.key, "name_zh": it.name_zh, "name_en": it.name_en}))
        out["support_package"] = _compact(
            {"name_zh": system.package_name_zh, "sources": list(system.package_source_ids), "categories": list(categories.values())}
        )
    return out


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_data(_num(v)))


def system_export_yaml(system: System) -> str:
    header = (
        f"# {system.name_zh} — 由 chanye system export 导出\n"
        "# 格式说明：docs/system-definition.md。可编辑后用 chanye system load 重新载入。\n"
    )
    body = yaml.dump(system_export_dict(system), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return header + body


ELEMENT_KINDS_TOP = [k for k, _ in Element.KIND_CHOICES if k != Element.KIND_HALF]
