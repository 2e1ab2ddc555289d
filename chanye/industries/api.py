import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from chanye.core.api import ERRORS, Page, PatchSchema, paginate
from chanye.systems.selectors import system_get

from .models import SupportItem
from .selectors import industry_get, industry_list, support_item_get, support_item_list
from .services import industry_update, support_item_update

router = Router(tags=["产业"])


class SegmentOut(Schema):
    key: str
    name_zh: str
    stage: str
    order: int
    description_zh: str


class IndustryOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    group: str
    group_name_zh: str
    office: str | None
    status: str
    pending: bool
    confidence: str
    sources: list[str]
    candidates_zh: list[str]
    sub_industries: list[str]
    segments: list[SegmentOut]
    leader_zh: str
    contact_zh: str
    work_note_zh: str

    @staticmethod
    def resolve_group(obj):
        return obj.group.key

    @staticmethod
    def resolve_group_name_zh(obj):
        return obj.group.name_zh

    @staticmethod
    def resolve_office(obj):
        return obj.office.key if obj.office_id else None

    @staticmethod
    def resolve_pending(obj):
        return obj.is_pending

    @staticmethod
    def resolve_sources(obj):
        return obj.source_ids

    @staticmethod
    def resolve_sub_industries(obj):
        return [s.name_zh for s in obj.sub_industries.all()]

    @staticmethod
    def resolve_segments(obj):
        return list(obj.segments.all())


class IndustryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[IndustryOut]


class IndustryPatch(PatchSchema):
    leader_zh: str | None = Field(None, max_length=60)
    contact_zh: str | None = Field(None, max_length=100)
    work_note_zh: str | None = Field(None, max_length=5000)


class IndustryFilters(Schema):
    system: str | None = None
    group: str = ""
    office: str = ""
    status: Literal["", "confirmed", "pending"] = ""


@router.get("/industries", response={200: IndustryPage, **ERRORS}, summary="产业列表（含分组与产业链环节）")
def industries(request, filters: Query[IndustryFilters], page: Query[Page]):
    system = system_get(filters.system)
    qs = industry_list(system=system, group=filters.group, office=filters.office, status=filters.status)
    return paginate(qs, page)


@router.get("/industries/{slug}", response={200: IndustryOut, **ERRORS}, summary="单个产业")
def industry_detail(request, slug: str, system: str | None = None):
    return industry_get(system=system_get(system), slug=slug)


@router.patch("/industries/{slug}", response={200: IndustryOut, **ERRORS}, summary="修改产业的维护字段")
def industry_patch(request, slug: str, payload: IndustryPatch, system: str | None = None):
    industry = industry_get(system=system_get(system), slug=slug)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items()}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    industry_update(user=request.user, industry=industry, data=data)
    return industry_get(system=industry.system, slug=slug)


class SupportItemOut(Schema):
    id: int
    industry: str
    industry_name_zh: str
    item: str
    item_name_zh: str
    category: str
    status: str
    status_display: str
    owner_zh: str
    evidence: str
    due_date: dt.date | None
    note: str

    @staticmethod
    def resolve_industry(obj):
        return obj.industry.slug

    @staticmethod
    def resolve_industry_name_zh(obj):
        return obj.industry.name_zh

    @staticmethod
    def resolve_item(obj):
        return obj.item.key

    @staticmethod
    def resolve_item_name_zh(obj):
        return obj.item.name_zh

    @staticmethod
    def resolve_category(obj):
        return obj.item.category_name_zh

    @staticmethod
    def resolve_status(obj):
        return obj.state.status  # the three list items are derived from the lists

    @staticmethod
    def resolve_status_display(obj):
        return obj.state.label


class SupportItemPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[SupportItemOut]


class SupportItemFilters(Schema):
    system: str | None = None
    industry: str = ""
    item: str = ""
    group: str = ""
    office: str = ""
    status: Literal["", "not_started", "in_progress", "done"] = ""


class SupportItemPatch(PatchSchema):
    status: Literal["not_started", "in_progress", "done"] | None = None
    owner_zh: str | None = Field(None, max_length=100)
    evidence: str | None = Field(None, max_length=500)
    due_date: dt.date | None = None
    note: str | None = Field(None, max_length=5000)


@router.get("/support-items", response={200: SupportItemPage, **ERRORS}, summary="“3+5+3+1”配套事项")
def support_items(request, filters: Query[SupportItemFilters], page: Query[Page]):
    system = system_get(filters.system)
    qs = support_item_list(
        system=system,
        industry=filters.industry,
        item=filters.item,
        status=filters.status,
        group=filters.group,
        office=filters.office,
    )
    return paginate(qs, page)


@router.get("/support-items/{item_id}", response={200: SupportItemOut, **ERRORS}, summary="单个配套事项")
def support_item_detail(request, item_id: int):
    return support_item_get(item_id)


@router.patch(
    "/support-items/{item_id}",
    response={200: SupportItemOut, **ERRORS},
    summary="修改配套事项（状态、责任单位、佐证、时限、备注）",
)
def support_item_patch(request, item_id: int, payload: SupportItemPatch):
    obj = support_item_get(item_id)
    data = payload.model_dump(exclude_unset=True)
    if data.get("status", "x") is None:
        data.pop("status")
    for name in ("owner_zh", "evidence", "note"):
        if name in data and data[name] is None:
            data[name] = ""
    support_item_update(user=request.user, support_item=obj, data=data)
    return support_item_get(item_id)


STATUS_VALUES = [k for k, _ in SupportItem.STATUS_CHOICES]
