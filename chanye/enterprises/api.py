import datetime as dt
from decimal import Decimal

from ninja import Query, Router, Schema
from pydantic import Field

from chanye.core.api import ERRORS, Page
from chanye.systems.selectors import system_get

from .models import TAGS, Enterprise
from .selectors import enterprise_get

router = Router(tags=["企业"])


class FigureOut(Schema):
    year: int
    quarter: int
    output_value: Decimal | None
    revenue: Decimal | None
    tax: Decimal | None
    rd_spend: Decimal | None
    employees: int | None
    land_mu: Decimal | None
    energy_tce: Decimal | None


class EnterpriseOut(Schema):
    id: int
    uscc: str | None = Field(description="统一社会信用代码；null 表示待确认")
    name: str
    district: str | None
    industry_code: str
    industries: list[str] = Field(description="所属产业标识，主产业在前；空表示不属于本体系")
    segment: str | None
    classification_confidence: float | None
    classification_evidence: str
    needs_review: bool
    manual_placement: bool
    above_scale: bool | None = Field(description="规上企业；null 表示未知（来源未说明）")
    tags: list[str]
    origin: str
    demo_data: bool = Field(description="演示数据（chanye demo 生成，虚构）")


class EnterpriseDetailOut(EnterpriseOut):
    business_scope: str
    main_products: str
    founded_on: dt.date | None
    figures: list[FigureOut]


class EnterprisePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EnterpriseOut]


class EnterpriseFilters(Schema):
    system: str | None = None
    district: str = Field("", description="行政区划代码")
    industry: str = Field("", description="产业标识")
    tag: str = Field("", description="标签字段，如 is_chain_leader")


def _out(e: Enterprise) -> dict:
    return {
        "id": e.pk,
        "uscc": e.uscc,
        "name": e.name,
        "district": e.district.code if e.district_id else None,
        "industry_code": e.industry_code,
        "industries": [s for s in e.industry_slugs.split("|") if s],
        "segment": e.segment.key if e.segment_id else None,
        "classification_confidence": e.class_confidence,
        "classification_evidence": e.class_evidence,
        "needs_review": e.needs_review,
        "manual_placement": bool(e.override_slugs),
        "above_scale": e.above_scale,
        "tags": e.tags,
        "origin": e.origin,
        "demo_data": e.demo,
    }


@router.get(
    "/enterprises", response={200: EnterprisePage, **ERRORS}, summary="企业名录（演示数据带 demo_data 标注）"
)
def enterprises(request, filters: Query[EnterpriseFilters], page: Query[Page]):
    system = system_get(filters.system)
    qs = Enterprise.objects.filter(system=system).select_related("district", "segment")
    if filters.district:
        qs = qs.filter(district__code=filters.district)
    if filters.industry:
        qs = qs.filter(placements__industry__slug=filters.industry)
    if filters.tag in dict(TAGS) or filters.tag == "above_scale":
        qs = qs.filter(**{filters.tag: True})
    window = list(qs.order_by("pk")[page.offset : page.offset + page.limit])
    return {
        "count": qs.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_out(e) for e in window],
    }


@router.get("/enterprises/{pk}", response={200: EnterpriseDetailOut, **ERRORS}, summary="一企一档")
def enterprise_detail(request, pk: int, system: str | None = None):
    e = enterprise_get(system=system_get(system), pk=pk)
    return {
        **_out(e),
        "business_scope": e.business_scope,
        "main_products": e.main_products,
        "founded_on": e.founded_on,
        "figures": list(e.figures.order_by("year", "quarter")),
    }
