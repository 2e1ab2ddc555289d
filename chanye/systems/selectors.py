"""Reads for the system pages and API."""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404

from chanye.core.contributions import collect, providers

from .models import Element, Source, System


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


# ---------------------------------------------------------------- what each source supports


@dataclass(frozen=True)
class Citation:
    """One entry that cites a source: what it is (体系要素, 产业 …), its name, its page if it has one.

    The apps built on the system (industries, districts, targets) give theirs through the slot
    "source_citations": a provider takes `system` and returns a list of these."""

    source_key: str
    kind_zh: str
    name: str
    url: str = ""


@dataclass
class CitationGroup:
    kind_zh: str
    items: list[Citation] = field(default_factory=list)


@dataclass
class SourceRow:
    """A line of the 来源文献 page: the source and the entries that cite it, grouped by kind."""

    source: Source
    groups: list[CitationGroup]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)


def cite(keys, kind_zh: str, name: str, url: str = "") -> list[Citation]:
    """The citations of one entry that names these sources (each source once)."""
    return [Citation(key, kind_zh, name, url) for key in dict.fromkeys(keys) if key]


def system_citations(*, system: System) -> list[Citation]:
    """The system's own entries that cite sources: the system itself, its elements, its package."""
    out = cite(system.source_ids, "体系", system.name_zh, system.get_absolute_url())
    for e in system.elements.all():
        out += cite(e.source_ids, "体系要素", e.name_zh, e.get_absolute_url())
    if system.package_name_zh:
        out += cite(system.package_source_ids, "配套体系", system.package_name_zh)
    return out


def source_rows(system: System) -> list[SourceRow]:
    """Every source of the system with what cites it: the system's entries, then those of the apps
    built on it (slot "source_citations": industries, districts, targets)."""
    citations = system_citations(system=system)
    for provider in providers("source_citations"):
        citations += provider(system=system)
    by_source: dict[str, dict[str, CitationGroup]] = {}
    for c in citations:
        groups = by_source.setdefault(c.source_key, {})
        groups.setdefault(c.kind_zh, CitationGroup(c.kind_zh)).items.append(c)
    return [SourceRow(s, list(by_source.get(s.key, {}).values())) for s in system.sources.all()]
