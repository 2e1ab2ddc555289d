import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from chanye.core.api import ERRORS, Page, PatchSchema
from chanye.systems.selectors import system_get

from .selectors import evaluate_target, target_get, target_queryset
from .services import observation_record

router = Router(tags=["目标"])


class TargetOut(Schema):
    code: str
    owner: str
    owner_label: str
    district: str | None
    indicator: str
    indicator_name_zh: str
    kind: str
    comparison: str
    value: Decimal
    unit: str
    value_std: Decimal
    indicator_unit: str
    deadline: dt.date | None
    deadline_confirmed: bool
    status: str
    status_overridden: bool
    likelihood: str | None
    latest_actual: Decimal | None
    actual_date: dt.date | None
    planned: Decimal | None
    forecast: Decimal | None
    quote: str
    source: str
    demo_data: bool


class TargetPage(Schema):
    count: int
    limit: int
    offset: int
    on: dt.date
    items: list[TargetOut]


class TargetFilters(Schema):
    system: str | None = None
    owner: Literal["", "city", "district", "body", "office"] = ""
    district: str = ""
    industry: str = ""
    on: dt.date | None = Field(None, description="评估日期，默认今天")


def _round(x):
    return None if x is None else x.quantize(Decimal("0.0001"))


def _out(row) -> dict:
    t, e = row.target, row.evaluation
    return {
        "code": t.code,
        "owner": t.owner_kind,
        "owner_label": t.owner_label,
        "district": t.district.code if t.district_id else None,
        "indicator": t.indicator.code,
        "indicator_name_zh": t.indicator.name_zh,
        "kind": t.kind,
        "comparison": t.comparison,
        "value": t.value,
        "unit": t.unit,
        "value_std": t.value_std,
        "indicator_unit": t.indicator.unit,
        "deadline": t.deadline,
        "deadline_confirmed": t.deadline_confirmed,
        "status": row.status,
        "status_overridden": row.overridden,
        "likelihood": e.likelihood,
        "latest_actual": _round(e.actual),
        "actual_date": e.actual_date,
        "planned": _round(e.planned),
        "forecast": _round(e.forecast),
        "quote": t.quote,
        "source": t.source_key,
        "demo_data": row.demo,
    }


@router.get("/targets", response={200: TargetPage, **ERRORS}, summary="目标及其状态、可能性、最新实际值")
def targets(request, filters: Query[TargetFilters], page: Query[Page]):
    system = system_get(filters.system)
    qs = target_queryset(system)
    if filters.owner:
        qs = qs.filter(owner_kind=filters.owner)
    if filters.district:
        qs = qs.filter(district__code=filters.district)
    if filters.industry:
        qs = qs.filter(industries__slug=filters.industry).distinct()
    on = filters.on or dt.date.today()
    window = list(qs[page.offset : page.offset + page.limit])
    return {
        "count": qs.count(),
        "limit": page.limit,
        "offset": page.offset,
        "on": on,
        "items": [_out(evaluate_target(t, on)) for t in window],
    }


@router.get("/targets/{code}", response={200: TargetOut, **ERRORS}, summary="单个目标")
def target_detail(request, code: str, system: str | None = None, on: dt.date | None = None):
    return _out(evaluate_target(target_get(system=system_get(system), code=code), on or dt.date.today()))


class ObservationIn(PatchSchema):
    period_end: dt.date = Field(description="截至日期")
    value: Decimal = Field(description="实际值（单位见 unit）")
    unit: str = Field("", max_length=20, description="单位；留空为指标单位")
    period_kind: Literal["month", "quarter", "year"] = "month"
    base_value: Decimal | None = Field(None, description="上年同期值（增速目标）")
    note: str = Field("", max_length=2000)


class ObservationOut(Schema):
    period_end: dt.date
    period_kind: str
    value: Decimal
    value_as_entered: Decimal
    unit_as_entered: str
    base_value: Decimal | None
    origin: str
    entered_by: str | None

    @staticmethod
    def resolve_entered_by(obj):
        return obj.entered_by.username if obj.entered_by_id else None


@router.get(
    "/targets/{code}/observations", response={200: list[ObservationOut], **ERRORS}, summary="目标的实际值"
)
def observations(request, code: str, system: str | None = None):
    return list(
        target_get(system=system_get(system), code=code)
        .observations.select_related("entered_by")
        .order_by("period_end")
    )


@router.post(
    "/targets/{code}/observations",
    response={201: ObservationOut, **ERRORS},
    summary="填报实际值（区级编辑仅限本区目标）",
)
def observation_create(request, code: str, payload: ObservationIn, system: str | None = None):
    target = target_get(system=system_get(system), code=code)
    obs = observation_record(
        user=request.user,
        target=target,
        period_end=payload.period_end,
        value=payload.value,
        unit=payload.unit,
        period_kind=payload.period_kind,
        base_value=payload.base_value,
        note=payload.note,
        source="manual",
    )
    obs.refresh_from_db()  # the stored form (6 decimals), as GET returns it
    return Status(201, obs)
