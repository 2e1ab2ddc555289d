"""Milestones (节点任务): marked done with a date and evidence by their owner."""

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Router, Schema
from pydantic import Field

from chanye.accounts.permissions import DENIED_MILESTONE, can_edit_milestone
from chanye.core.api import ERRORS, PatchSchema
from chanye.systems.selectors import system_get

from .models import Milestone

logger = logging.getLogger(__name__)


def milestone_update(
    *, user, milestone: Milestone, done: bool, done_date: dt.date | None, evidence: str
) -> Milestone:
    if not can_edit_milestone(user, milestone):
        raise PermissionDenied(DENIED_MILESTONE.format(name=milestone.name_zh))
    if done and done_date is None:
        raise ValidationError("标记为已完成时请填写完成日期。")
    if done and not evidence.strip():
        raise ValidationError("标记为已完成时请填写佐证（文件名、文号或链接）。")
    with transaction.atomic():
        milestone.done = done
        milestone.done_date = done_date if done else None
        milestone.evidence = evidence.strip()
        milestone.full_clean()
        milestone.save()
    logger.info("节点任务 %s：%s（user=%s）", milestone.code, "已完成" if done else "未完成", user.username)
    return milestone


def milestone_get(*, system, code: str) -> Milestone:
    milestone = Milestone.objects.filter(system=system, code=code).select_related("district").first()
    if milestone is None:
        raise Http404(f"没有节点任务「{code}」。")
    return milestone


router = Router(tags=["目标"])


class MilestoneOut(Schema):
    code: str
    owner: str
    district: str | None
    name_zh: str
    due_date: dt.date | None
    due_note: str
    done: bool
    done_date: dt.date | None
    evidence: str
    quote: str
    source: str

    @staticmethod
    def resolve_owner(obj):
        return obj.owner_kind

    @staticmethod
    def resolve_district(obj):
        return obj.district.code if obj.district_id else None

    @staticmethod
    def resolve_source(obj):
        return obj.source_key


class MilestonePatch(PatchSchema):
    done: bool
    done_date: dt.date | None = None
    evidence: str = Field("", max_length=500)


@router.get("/milestones", response={200: list[MilestoneOut], **ERRORS}, summary="节点任务")
def milestones(request, system: str | None = None, district: str = ""):
    qs = Milestone.objects.filter(system=system_get(system)).select_related("district")
    if district:
        qs = qs.filter(district__code=district)
    return list(qs)


@router.patch(
    "/milestones/{code}",
    response={200: MilestoneOut, **ERRORS},
    summary="标记节点任务完成（区级编辑仅限本区）",
)
def milestone_patch(request, code: str, payload: MilestonePatch, system: str | None = None):
    milestone = milestone_get(system=system_get(system), code=code)
    return milestone_update(
        user=request.user,
        milestone=milestone,
        done=payload.done,
        done_date=payload.done_date,
        evidence=payload.evidence,
    )
