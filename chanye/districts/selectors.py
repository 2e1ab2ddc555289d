from django.http import Http404

from chanye.systems.models import System

from .models import District


def district_list(*, system: System):
    return (
        District.objects.filter(system=system)
        .prefetch_related("priorities__industry__group", "named_systems", "facts")
        .order_by("order")
    )


def district_get(*, system: System, code: str) -> District:
    district = district_list(system=system).filter(code=code).first()
    if district is None:
        raise Http404(f"体系「{system.name_zh}」中没有代码为「{code}」的区。")
    return district


def district_words(system) -> dict[str, int]:
    """What an import cell may say for a district: its code, its name, or its name without 区."""
    out = {}
    for pk, code, name in system.districts.values_list("pk", "code", "name_zh"):
        out[code] = out[name] = out[name.removesuffix("区")] = pk
    return out


def district_hint(system) -> str:
    names = "、".join(system.districts.values_list("name_zh", flat=True))
    return f"不是本市的区。请填区名（{names}）或六位行政区划代码。"


def district_names(system) -> list[str]:
    return list(system.districts.values_list("name_zh", flat=True))


# ---------------------------------------------------------------- contributions to lower apps' pages


def district_counts(*, system) -> dict:
    """The overview counter of districts (slot "system_counts")."""
    return {"districts": District.objects.filter(system=system).count()}


def overview_map(*, system) -> dict:
    """The city map on the overview page (slot "system_page")."""
    from .charts import district_map_context

    return district_map_context(system)


def industry_priorities(*, system, industry) -> dict:
    """The districts that lay out this industry, on its page (slot "industry_page")."""
    from .models import DistrictPriority

    return {"priorities": DistrictPriority.objects.filter(industry=industry).select_related("district")}
