"""Writes for districts. A district editor may only write its own district."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction

from chanye.accounts.permissions import DENIED_DISTRICT, can_edit_district
from chanye.core.services import apply_changes

from .models import District

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
