"""Reads for the system pages and API."""

from django.conf import settings
from django.http import Http404

from chanye.core.contributions import collect

from .models import Element, System


def system_get(slug: str | None = None) -> System:
    """The named system, or the default one (CHANYE_DEFAULT_SYSTEM, else the first loaded)."""
    if slug:
        system = System.objects.filter(slug=slug).first()
        if system is None:
            raise Http404(f"找不到体系「{slug}」。")
        return system
    system = (
        System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
        or System.objects.order_by("pk").first()
    )
    if system is None:
        raise Http404("尚未载入任何产业体系。请运行 chanye init 或 chanye system load 文件。")
    return system


def system_counts(system: System) -> dict:
    """The overview counters: the system's own elements, plus those of the apps built on it
    (industries, districts …; slot "system_counts")."""
    counts = {
        "measures": system.elements.filter(kind=Element.KIND_MEASURE).count(),
        "directions": system.elements.filter(kind=Element.KIND_DIRECTION).count(),
        "mechanisms": system.elements.filter(kind=Element.KIND_MECHANISM).count(),
    }
    return counts | collect("system_counts", system=system)


def sources_by_key(system: System) -> dict:
    return {s.key: s for s in system.sources.all()}
