from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

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


def source_citations(*, system) -> list:
    """The district entries that cite each source, for the 来源文献 page (slot "source_citations"):
    areas, priority industries, named systems, facts."""
    from chanye.systems.selectors import cite

    areas, priorities, named, facts = [], [], [], []
    districts = District.objects.filter(system=system).prefetch_related(
        "priorities__industry", "named_systems", "facts"
    )
    for d in districts:
        url = reverse("districts:district_detail", args=[system.slug, d.code])
        areas += cite(d.area_source_ids, "区面积", d.name_zh, url)
        for p in d.priorities.all():
            priorities += cite(p.source_ids, "区重点产业", f"{d.name_zh}：{p.industry.name_zh}", url)
        for ns in d.named_systems.all():
            named += cite(ns.source_ids, "区产业体系", f"{d.name_zh}：{ns.name_zh}", url)
        for f in d.facts.all():
            year = f"（{f.year}年）" if f.year else ""
            facts += cite(f.source_ids, "区数据", f"{d.name_zh}：{f.name_zh}{year}", url)
    return areas + priorities + named + facts


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


# ---------------------------------------------------------------- the district's layout at work


@dataclass(frozen=True)
class LayoutColumn:
    """One figure per layout industry, contributed by the app that holds it (slot "district_layout")."""

    label: str
    unit: str  # 家, 个, 万元 …: how the value is shown (chanye.analytics.display)
    values: dict  # industry id → number (missing = none)
    group: str = ""  # 企业 / 项目 / 清单: the header over its columns


@dataclass(frozen=True)
class LayoutTable:
    columns: list
    rows: list  # (DistrictPriority, [shown text per column])
    facts: list  # (label, shown text): district figures not split by industry (land, carriers)


def district_layout(*, system: System, district: District) -> LayoutTable:
    """The district's layout industries with their firms, output, projects and list progress, and
    its land and carriers: what the district page and the scorecard both show, targets or not.
    Each app contributes its figures (providers of slot "district_layout" return
    {"columns": [LayoutColumn], "facts": [(label, text)]})."""
    from chanye.analytics.display import quantity
    from chanye.core.contributions import providers

    priorities = list(district.priorities.select_related("industry").order_by("order"))
    ids = [p.industry_id for p in priorities]
    columns, facts = [], []
    for provider in providers("district_layout"):
        part = provider(system=system, district=district, industry_ids=ids)
        columns += part.get("columns", [])
        facts += part.get("facts", [])
    rows = [
        (p, [quantity(c.values.get(p.industry_id, 0), c.unit, 2 if c.unit == "万元" else 0) for c in columns])
        for p in priorities
    ]
    return LayoutTable(columns, rows, facts)
