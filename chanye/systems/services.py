"""Writes for the system definition: load a validated definition, export one back to a file."""

import logging
from decimal import Decimal

from django.db import transaction

from chanye.core.contributions import providers
from chanye.core.history import acting_as
from chanye.core.sync import LoadReport, Sync

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
                "package_source_ids": definition.support_package.sources
                if definition.support_package
                else [],
            },
        )
        report.system = system
        sync.flush()
        # Each stage queues its new rows; flushing after it gives them ids before children refer to them.
        _load_sources(sync, system, definition)
        _load_elements(sync, system, definition)
        loaded = {"package_items": _load_package(sync, system, definition)}
        # The industries (with their groups, offices and support items) and the districts: loaded by
        # the apps that hold them (slot "definition_load", in order), each adding what it loaded.
        for section in providers("definition_load"):
            section(sync=sync, system=system, definition=definition, loaded=loaded)
        sync.flush()
        if report.changed:
            system_changed.send(sender=System, system=system)
    logger.info("载入体系 %s：%s", system.slug, report.summary())
    return report


def _load_sources(sync, system, d):
    keep = [
        sync.upsert(
            Source,
            {"system": system, "key": s.id},
            {f: getattr(s, f) for f in Source.DEFINITION_FIELDS},
        )
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
                "numbers": [
                    n.model_dump(exclude_defaults=True) | {"value": _num(n.value)} for n in e.numbers
                ],
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


def system_init(*, user) -> list[str]:
    """`chanye init`: load the default system the first time; later loads are `chanye system load`."""
    from django.conf import settings

    from chanye.core.history import SOURCE_CLI
    from chanye.core.steps import StepError

    from .definition import DefinitionError, read_definition

    if System.objects.exists():
        return [
            f"数据库已有 {System.objects.count()} 个体系，跳过默认体系载入（更新请用 chanye system load 文件）。"
        ]
    try:
        definition = read_definition(settings.DEFAULT_SYSTEM_FILE)
    except DefinitionError as exc:
        raise StepError(f"默认体系文件 {settings.DEFAULT_SYSTEM_FILE} 有问题：\n{exc}") from None
    return [system_load(definition=definition, user=user, source=SOURCE_CLI).summary()]


def default_system():
    """The system `chanye init` loads (settings.DEFAULT_SYSTEM_SLUG), or None before it is loaded."""
    from django.conf import settings

    return System.objects.filter(slug=settings.DEFAULT_SYSTEM_SLUG).first()
