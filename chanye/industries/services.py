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

from .models import Industry, SupportItem

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
