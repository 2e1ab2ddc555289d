"""Reads for the system pages and API."""

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404

from chanye.districts.models import District
from chanye.industries.models import ChainSegment, Industry, SupportItem

from .models import Element, System


def system_get(slug: str | None = None) -> System:
    """The named system, or the default one (CHANYE_DEFAULT_SYSTEM, else the first loaded)."""
    if slug:
        system = System.objects.filter(slug=slug).first()
        if system is None:
            raise Http404(f"找不到体系「{slug}」。")
        return system
    system = System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first() or System.objects.order_by("pk").first()
    if system is None:
        raise Http404("尚未载入任何产业体系。请运行 chanye init 或 chanye system load 文件。")
    return system


def system_counts(system: System) -> dict:
    industries = Industry.objects.filter(system=system)
    support = SupportItem.objects.filter(industry__system=system)
    return {
        "industries": industries.count(),
        "industries_confirmed": industries.filter(status=Industry.STATUS_CONFIRMED).count(),
        "industries_pending": industries.filter(status=Industry.STATUS_PENDING).count(),
        "groups": system.industry_groups.count(),
        "measures": system.elements.filter(kind=Element.KIND_MEASURE).count(),
        "directions": system.elements.filter(kind=Element.KIND_DIRECTION).count(),
        "mechanisms": system.elements.filter(kind=Element.KIND_MECHANISM).count(),
        "offices": system.offices.count(),
        "districts": District.objects.filter(system=system).count(),
        "segments": ChainSegment.objects.filter(industry__system=system).count(),
        "support_items": support.count(),
        "support_items_done": support.filter(status=SupportItem.STATUS_DONE).count(),
        "support_items_in_progress": support.filter(status=SupportItem.STATUS_IN_PROGRESS).count(),
    }


def system_groups(system: System):
    """Industry groups with their industries, in definition order."""
    return system.industry_groups.prefetch_related("industries__office").annotate(
        n_pending=Count("industries", filter=Q(industries__status=Industry.STATUS_PENDING))
    )


def sources_by_key(system: System) -> dict:
    return {s.key: s for s in system.sources.all()}
