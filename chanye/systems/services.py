"""Writes for the system definition: load a validated definition, export one back to a file."""

import logging
from decimal import Decimal

from django.db import transaction

from chanye.core.history import acting_as
from chanye.core.sync import LoadReport, Sync
from chanye.districts.models import District, DistrictFact, DistrictPriority, DistrictSystem
from chanye.industries.models import ChainSegment, Industry, IndustryGroup, Office, SubIndustry, SupportItem

from .definition import Definition
from .models import Element, PackageItem, Source, System
from .signals import system_changed

logger = logging.getLogger(__name__)


def _num(value):
    """JSON-friendly number: integral values stay integers, others become floats."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def system_load(*, definition: Definition, user, source: str) -> LoadReport:
    """Load (or update in place) one system from a validated definition, in one transaction."""
    report = LoadReport()
    with acting_as(user, source=source), transaction.atomic():
        sync = Sync(report)
        meta = definition.system
        system = sync.upsert(
            System,
            {"slug": meta.slug},
            {
                "code": meta.code,
                "name_zh": meta.name_zh,
                "name_en": meta.name_en,
                "city_name_zh": meta.city.name_zh,
                "city_name_en": meta.city.name_en,
                "city_code": meta.city.code,
                "as_of": meta.as_of,
                "description_zh": meta.description_zh,
                "source_ids": meta.sources,
                "package_name_zh": definition.support_package.name_zh if definition.support_package else "",
                "package_source_ids": definition.support_package.sources if definition.support_package else [],
            },
        )
        report.system = system
        sync.flush()
        # Each stage queues its new rows; flushing after it gives them ids before children refer to them.
        _load_sources(sync, system, definition)
        _load_elements(sync, system, definition)
        items = _load_package(sync, system, definition)
        groups = _load_groups(sync, system, definition)
        offices = _load_offices(sync, system, definition)
        sync.flush()
        industries = _load_industries(sync, system, definition, groups, offices)
        sync.flush()
        sync.prune(IndustryGroup.objects.filter(system=system), list(groups.values()))
        _load_support_items(sync, industries, items)
        _load_districts(sync, system, definition, industries)
        sync.flush()
        if report.changed:
            system_changed.send(sender=System, system=system)
    logger.info("载入体系 %s：%s", system.slug, report.summary())
    return report


def _load_sources(sync, system, d):
    keep = [
        sync.upsert(Source, {"system": system, "key": s.id}, {"title": s.title, "url": s.url, "kind": s.kind, "date": s.date, "note": s.note})
        for s in d.sources
    ]
    sync.prune(Source.objects.filter(system=system), keep)


def _load_elements(sync, system, d):
    keep, halves = [], []
    order = 0
    for e in d.elements:
        order += 1
        element = sync.upsert(
            Element,
            {"system": system, "key": e.key},
            {
                "kind": e.kind,
                "parent": None,
                "name_zh": e.name_zh,
                "name_en": e.name_en,
                "verb_zh": e.verb_zh,
                "owner_zh": e.owner_zh,
                "quote": e.quote,
                "description_zh": e.description_zh,
                "numbers": [n.model_dump(exclude_defaults=True) | {"value": _num(n.value)} for n in e.numbers],
                "note": e.note,
                "confidence": e.confidence,
                "source_ids": e.sources,
                "order": order,
            },
        )
        keep.append(element)
        for h in e.halves:
            order += 1
            halves.append((h, element, e.confidence, order))
    sync.flush()  # halves point at their direction: it needs an id first
    for h, element, confidence, half_order in halves:
        keep.append(
            sync.upsert(
                Element,
                {"system": system, "key": h.key},
                {
                    "kind": Element.KIND_HALF,
                    "parent": element,
                    "name_zh": h.name_zh,
                    "name_en": h.name_en,
                    "verb_zh": "",
                    "owner_zh": "",
                    "quote": "",
                    "description_zh": "",
                    "numbers": [],
                    "note": "",
                    "confidence": confidence,
                    "source_ids": [],
                    "order": half_order,
                },
            )
        )
    sync.flush()
    sync.prune(Element.objects.filter(system=system), keep)


def _load_package(sync, system, d):
    items = []
    if d.support_package:
        for cat in d.support_package.categories:
            for item in cat.items:
                items.append(
                    sync.upsert(
                        PackageItem,
                        {"system": system, "key": item.key},
                        {
                            "category_key": cat.key,
                            "category_name_zh": cat.name_zh,
                            "name_zh": item.name_zh,
                            "name_en": item.name_en,
                            "order": len(items) + 1,
                        },
                    )
                )
    sync.prune(PackageItem.objects.filter(system=system), items)
    return items


def _load_groups(sync, system, d):
    groups = {}
    for index, g in enumerate(d.industry_groups, start=1):
        groups[g.key] = sync.upsert(
            IndustryGroup,
            {"system": system, "key": g.key},
            {"name_zh": g.name_zh, "name_en": g.name_en, "family_zh": g.family_zh, "expected_count": g.expected_count, "order": index},
        )
    return groups


def _load_offices(sync, system, d):
    offices = {}
    for index, o in enumerate(d.offices, start=1):
        offices[o.key] = sync.upsert(
            Office,
            {"system": system, "key": o.key},
            {
                "name_zh": o.name_zh,
                "name_en": o.name_en,
                "lead_body_zh": o.lead_body_zh,
                "note": o.note,
                "confidence": o.confidence,
                "source_ids": o.sources,
                "order": index,
            },
        )
    sync.prune(Office.objects.filter(system=system), list(offices.values()))
    return offices


def _load_industries(sync, system, d, groups, offices):
    owner = {slug: offices[o.key] for o in d.offices for slug in o.industries}
    industries = {}
    for index, ind in enumerate(d.industries, start=1):
        industry = sync.upsert(
            Industry,
            {"system": system, "slug": ind.slug},
            {
                "group": groups[ind.group],
                "office": owner.get(ind.slug),
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "status": ind.status,
                "notes_zh": ind.notes_zh,
                "alt_names_zh": ind.alt_names_zh,
                "candidates_zh": ind.candidates_zh,
                "confidence": ind.confidence,
                "source_ids": ind.sources,
                "order": index,
            },
        )
        industries[ind.slug] = industry
        subs = [
            sync.upsert(SubIndustry, {"industry": industry, "slug": s.slug}, {"name_zh": s.name_zh, "name_en": s.name_en, "order": j})
            for j, s in enumerate(ind.sub_industries, start=1)
        ]
        sync.prune_children(SubIndustry, "industry", industry, subs)
        segments = [
            sync.upsert(
                ChainSegment,
                {"industry": industry, "key": s.key},
                {"name_zh": s.name_zh, "name_en": s.name_en, "stage": s.stage, "description_zh": s.description_zh, "order": j},
            )
            for j, s in enumerate(ind.segments, start=1)
        ]
        sync.prune_children(ChainSegment, "industry", industry, segments)
    sync.prune(Industry.objects.filter(system=system), list(industries.values()))
    return industries


def _load_support_items(sync, industries, items):
    """One support item per industry × package item; existing ones keep their maintained status."""
    existing = set(
        SupportItem.objects.filter(industry__in=industries.values()).values_list("industry_id", "item_id")
    )
    for industry in industries.values():
        for item in items:
            if (industry.pk, item.pk) not in existing:
                sync.create(SupportItem(industry=industry, item=item))


def _load_districts(sync, system, d, industries):
    keep = []
    for index, x in enumerate(d.districts, start=1):
        district = sync.upsert(
            District,
            {"system": system, "code": x.code},
            {
                "slug": x.slug,
                "name_zh": x.name_zh,
                "name_en": x.name_en,
                "area_km2": x.area_km2,
                "area_confidence": x.area_confidence or "",
                "area_source_ids": x.area_sources,
                "layout_zh": x.layout_zh,
                "order": index,
            },
        )
        keep.append(district)
        priorities = [
            sync.upsert(
                DistrictPriority,
                {"district": district, "industry": industries[p.industry]},
                {"role_zh": p.role_zh, "confidence": p.confidence, "source_ids": p.sources, "order": j},
            )
            for j, p in enumerate(x.priority_industries, start=1)
        ]
        sync.prune_children(DistrictPriority, "district", district, priorities)
        named = [
            sync.upsert(
                DistrictSystem,
                {"district": district, "order": j},
                {"name_zh": n.name_zh, "composition_zh": n.composition_zh, "confidence": n.confidence, "source_ids": n.sources},
            )
            for j, n in enumerate(x.named_systems, start=1)
        ]
        sync.prune_children(DistrictSystem, "district", district, named)
        facts = [
            sync.upsert(
                DistrictFact,
                {"district": district, "key": f.key},
                {
                    "name_zh": f.name_zh,
                    "value": f.value,
                    "unit": f.unit,
                    "year": f.year,
                    "confidence": f.confidence,
                    "source_ids": f.sources,
                    "order": j,
                },
            )
            for j, f in enumerate(x.facts, start=1)
        ]
        sync.prune_children(DistrictFact, "district", district, facts)
    sync.prune(District.objects.filter(system=system), keep)


def system_init(*, user) -> list[str]:
    """`chanye init`: load the default system the first time; later loads are `chanye system load`."""
    from django.conf import settings

    from chanye.core.history import SOURCE_CLI
    from chanye.core.steps import StepError

    from .definition import DefinitionError, read_definition

    if System.objects.exists():
        return [f"数据库已有 {System.objects.count()} 个体系，跳过默认体系载入（更新请用 chanye system load 文件）。"]
    try:
        definition = read_definition(settings.DEFAULT_SYSTEM_FILE)
    except DefinitionError as exc:
        raise StepError(f"默认体系文件 {settings.DEFAULT_SYSTEM_FILE} 有问题：\n{exc}") from None
    return [system_load(definition=definition, user=user, source=SOURCE_CLI).summary()]


def default_system():
    """The system `chanye init` loads (settings.DEFAULT_SYSTEM_SLUG), or None before it is loaded."""
    from django.conf import settings

    return System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
