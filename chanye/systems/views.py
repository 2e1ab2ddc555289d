from django.shortcuts import render
from django.urls import reverse

from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows
from chanye.districts.models import DistrictPriority
from chanye.enterprises.selectors import enterprise_figures
from chanye.industries.models import Industry

from .charts import district_map_option
from .models import Element
from .selectors import sources_by_key, system_counts, system_get


def _map_context(system, selected_code: str = ""):
    districts = list(system.districts.all())
    counts = {}
    for p in DistrictPriority.objects.filter(district__system=system):
        counts[p.district_id] = counts.get(p.district_id, 0) + 1
    return {
        "map_option": district_map_option(map_name=system.city_code, districts=districts, counts=counts, selected_code=selected_code),
        "map_url": reverse("districts:geojson", args=[system.city_code]),
    }


@cached_page
def overview(request, slug: str | None = None):
    system = system_get(slug)
    elements = list(system.elements.filter(parent=None).prefetch_related("parts"))
    groups = list(system.industry_groups.prefetch_related("industries__office"))
    families: list[tuple[str, list]] = []
    for g in groups:
        family = g.family_zh or g.name_zh
        if families and families[-1][0] == family:
            families[-1][1].append(g)
        else:
            families.append((family, [g]))
    unconfirmed_industries = system.industries.filter(status=Industry.STATUS_PENDING)
    uncertain = {
        "industries": list(system.industries.exclude(status=Industry.STATUS_PENDING).filter(confidence__in=["medium", "low", "unverified"])),
        "elements": [e for e in system.elements.filter(confidence__in=["medium", "low", "unverified"])],
        "offices": list(system.offices.filter(confidence__in=["medium", "low", "unverified"])),
    }
    context = {
        "system": system,
        "counts": system_counts(system),
        "overall": [e for e in elements if e.kind == Element.KIND_OVERALL],
        "directions": [e for e in elements if e.kind == Element.KIND_DIRECTION],
        "measures": [e for e in elements if e.kind == Element.KIND_MEASURE],
        "mechanisms": [e for e in elements if e.kind == Element.KIND_MECHANISM],
        "policy_directions": [e for e in elements if e.kind == Element.KIND_POLICY_DIRECTION],
        "families": families,
        "offices": system.offices.prefetch_related("industries"),
        "pending": unconfirmed_industries,
        "uncertain": uncertain,
        "package_items": system.package_items.all(),
        "target_count": system.targets.count(),
        "milestone_count": system.milestones.count(),
        **_map_context(system),
        "figures": enterprise_figures(system),
    }
    return render(request, "systems/overview.html", context)



def element_detail(request, slug: str, key: str):
    system = system_get(slug)
    element = system.elements.filter(key=key).prefetch_related("parts").first()
    if element is None:
        from django.http import Http404

        raise Http404(f"体系「{system.name_zh}」中没有要素「{key}」。")
    sources = sources_by_key(system)
    history = history_rows(element.history.all(), Element.history.filter(parent_id=element.pk))
    return render(
        request,
        "systems/element_detail.html",
        {"system": system, "element": element, "sources": [sources[k] for k in element.source_ids if k in sources], "history": history},
    )


def source_list(request, slug: str):
    system = system_get(slug)
    return render(request, "systems/source_list.html", {"system": system, "sources": system.sources.all()})
