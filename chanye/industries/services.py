"""Writes for industries and their support items. Views, the API and commands all come here."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from chanye.accounts.permissions import (
    DENIED_INDUSTRY,
    DENIED_SUPPORT_ITEM,
    can_edit_industry,
    can_edit_support_item,
)
from chanye.core.services import apply_changes

from .models import ChainSegment, Industry, IndustryGroup, Office, SubIndustry, SupportItem

logger = logging.getLogger(__name__)

SUPPORT_ITEM_FIELDS = ("status", "owner_zh", "evidence", "due_date", "note")


def support_item_update(*, user, support_item: SupportItem, data: dict) -> SupportItem:
    if not can_edit_support_item(user, support_item):
        raise PermissionDenied(DENIED_SUPPORT_ITEM.format(name=support_item))
    with transaction.atomic():
        changed = apply_changes(support_item, data, SUPPORT_ITEM_FIELDS)
        if changed:
            support_item.full_clean()
            support_item.save()
            logger.info("更新配套事项 %s：%s（user=%s）", support_item, "、".join(changed), user.username)
    return support_item


def industry_update(*, user, industry: Industry, data: dict) -> Industry:
    if not can_edit_industry(user, industry):
        raise PermissionDenied(DENIED_INDUSTRY.format(name=industry.name_zh))
    with transaction.atomic():
        changed = apply_changes(industry, data, Industry.EDITABLE_FIELDS)
        if changed:
            industry.full_clean()
            industry.save()
            logger.info("更新产业 %s：%s（user=%s）", industry.slug, "、".join(changed), user.username)
    return industry


# ---------------------------------------------------------------- loading the definition file


def definition_load(*, sync, system, definition, loaded: dict) -> None:
    """The industry groups, offices, industries (with sub-industries and chain segments) and every
    industry's support items of a system definition (slot "definition_load")."""
    groups = _load_groups(sync, system, definition)
    offices = _load_offices(sync, system, definition)
    sync.flush()
    industries = _load_industries(sync, system, definition, groups, offices)
    sync.flush()
    sync.prune(IndustryGroup.objects.filter(system=system), list(groups.values()))
    _load_support_items(sync, industries, loaded["package_items"])
    loaded["industries"] = industries


def _load_groups(sync, system, d):
    groups = {}
    for index, g in enumerate(d.industry_groups, start=1):
        groups[g.key] = sync.upsert(
            IndustryGroup,
            {"system": system, "key": g.key},
            {
                "name_zh": g.name_zh,
                "name_en": g.name_en,
                "family_zh": g.family_zh,
                "expected_count": g.expected_count,
                "order": index,
            },
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
            sync.upsert(
                SubIndustry,
                {"industry": industry, "slug": s.slug},
                {"name_zh": s.name_zh, "name_en": s.name_en, "order": j},
            )
            for j, s in enumerate(ind.sub_industries, start=1)
        ]
        sync.prune_children(SubIndustry, "industry", industry, subs)
        segments = [
            sync.upsert(
                ChainSegment,
                {"industry": industry, "key": s.key},
                {
                    "name_zh": s.name_zh,
                    "name_en": s.name_en,
                    "stage": s.stage,
                    "description_zh": s.description_zh,
                    "order": j,
                },
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
