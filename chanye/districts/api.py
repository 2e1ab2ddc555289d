from decimal import Decimal

from ninja import Query, Router, Schema
from pydantic import Field

from chanye.core.api import ERRORS, Page, PatchSchema, paginate
from chanye.systems.selectors import system_get

from .selectors import district_get, district_list
from .services import district_update

router = Router(tags=["区"])


class PriorityOut(Schema):
    slug: str
    name_zh: str
    role_zh: str
    confidence: str
    sources: list[str]

    @staticmethod
    def resolve_slug(obj):
        return obj.industry.slug

    @staticmethod
    def resolve_name_zh(obj):
        return obj.industry.name_zh

    @staticmethod
    def resolve_sources(obj):
        return obj.source_ids


class DistrictOut(Schema):
    code: str
    slug: str
    name_zh: str
    name_en: str
    area_km2: Decimal | None
    layout_zh: str
    priority_industries: list[PriorityOut]
    named_systems: list[str]
    contact_zh: str
    work_note_zh: str

    @staticmethod
    def resolve_priority_industries(obj):
        return list(obj.priorities.all())

    @staticmethod
    def resolve_named_systems(obj):
        return [n.name_zh for n in obj.named_systems.all()]


class DistrictPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DistrictOut]


class DistrictPatch(PatchSchema):
    contact_zh: str | None = Field(None, max_length=100)
    work_note_zh: str | None = Field(None, max_length=5000)


@router.get("/districts", response={200: DistrictPage, **ERRORS}, summary="区列表（含重点产业）")
def districts(request, page: Query[Page], system: str | None = None):
    return paginate(district_list(system=system_get(system)), page)


@router.get("/districts/{code}", response={200: DistrictOut, **ERRORS}, summary="单个区")
def district_detail(request, code: str, system: str | None = None):
    return district_get(system=system_get(system), code=code)


@router.patch(
    "/districts/{code}", response={200: DistrictOut, **ERRORS}, summary="修改区的维护字段（区级编辑仅限本区）"
)
def district_patch(request, code: str, payload: DistrictPatch, system: str | None = None):
    district = district_get(system=system_get(system), code=code)
    data = {k: ("" if v is None else v) for k, v in payload.model_dump(exclude_unset=True).items()}
    district_update(user=request.user, district=district, data=data)
    return district_get(system=district.system, code=code)
