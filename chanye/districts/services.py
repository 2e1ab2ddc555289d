"""Writes for districts. A district editor may only write its own district."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from chanye.accounts.permissions import DENIED_DISTRICT, can_edit_district
from chanye.core.services import apply_changes

from .models import District, DistrictFact, DistrictPriority, DistrictSystem

logger = logging.getLogger(__name__)


def district_update(*, user, district: District, data: dict) -> District:
    if not can_edit_district(user, district):
        raise PermissionDenied(DENIED_DISTRICT.format(name=district.name_zh))
    with transaction.atomic():
        changed = apply_changes(district, data, District.EDITABLE_FIELDS)
        if changed:
            district.full_clean()
            district.save()
            logger.info("更新区 %s：%s（user=%s）", district.code, "、".join(changed), user.username)
    return district


# ---------------------------------------------------------------- loading the definition file


def definition_load(*, sync, system, definition, loaded: dict) -> None:
    """The districts of a system definition, with their priority industries, named district
    systems and facts (slot "definition_load", after the industries)."""
    _load_districts(sync, system, definition, loaded["industries"])


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
                {
                    "name_zh": n.name_zh,
                    "composition_zh": n.composition_zh,
                    "confidence": n.confidence,
                    "source_ids": n.sources,
                },
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
