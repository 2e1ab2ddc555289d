from django.shortcuts import render

from chanye.core.contributions import collect
from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows

from .models import Element
from .selectors import source_rows, sources_by_key, system_counts, system_get


@cached_page
def overview(request, slug: str | None = None):
    system = system_get(slug)
    elements = list(system.elements.filter(parent=None).prefetch_related("parts"))
    doubtful = ["medium", "low", "unverified"]
    context = {
        "system": system,
        "counts": system_counts(system),
        "overall": [e for e in elements if e.kind == Element.KIND_OVERALL],
        "directions": [e for e in elements if e.kind == Element.KIND_DIRECTION],
        "measures": [e for e in elements if e.kind == Element.KIND_MEASURE],
        "mechanisms": [e for e in elements if e.kind == Element.KIND_MECHANISM],
        "policy_directions": [e for e in elements if e.kind == Element.KIND_POLICY_DIRECTION],
        "uncertain": {"elements": list(system.elements.filter(confidence__in=doubtful))}
        | collect("system_uncertain", system=system),
        "package_items": system.package_items.all(),
        "target_count": system.targets.count(),
        "milestone_count": system.milestones.count(),
        # The industries, offices, district map and enterprise figures: from the apps that hold them.
        **collect("system_page", system=system),
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
        {
            "system": system,
            "element": element,
            "sources": [sources[k] for k in element.source_ids if k in sources],
            "history": history,
        },
    )


def source_list(request, slug: str):
    system = system_get(slug)
    return render(request, "systems/source_list.html", {"system": system, "rows": source_rows(system)})
