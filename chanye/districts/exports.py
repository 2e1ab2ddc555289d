"""The districts as written back to a system definition file (chanye system export)."""


def definition_export(*, system) -> dict:
    """The districts of the definition file (slot "definition_export")."""
    from chanye.systems.export import compact, number, sourced

    out = {"districts": []}
    districts = system.districts.prefetch_related("priorities__industry", "named_systems", "facts")
    for x in districts:
        item = {
            "code": x.code,
            "slug": x.slug,
            "name_zh": x.name_zh,
            "name_en": x.name_en,
            "area_km2": number(x.area_km2),
            "area_confidence": x.area_confidence,
            "area_sources": list(x.area_source_ids),
            "layout_zh": x.layout_zh,
            "priority_industries": [
                compact({"industry": p.industry.slug, "role_zh": p.role_zh}) | sourced(p)
                for p in x.priorities.all()
            ],
            "named_systems": [
                compact({"name_zh": n.name_zh, "composition_zh": n.composition_zh}) | sourced(n)
                for n in x.named_systems.all()
            ],
            "facts": [
                compact(
                    {
                        "key": f.key,
                        "name_zh": f.name_zh,
                        "value": number(f.value),
                        "unit": f.unit,
                        "year": f.year,
                    }
                )
                | sourced(f)
                for f in x.facts.all()
            ],
        }
        out["districts"].append(compact(item))
    return out
