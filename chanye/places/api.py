"""Parks, land and carrier records: read, and import (city staff), as on the pages."""

from datetime import date
from decimal import Decimal

from ninja import Query, Router, Schema

from chanye.accounts.permissions import DENIED_PLACES_IMPORT, can_edit_places
from chanye.core.api import ERRORS, Page, import_route, paginate
from chanye.systems.selectors import system_get

from .importing import CARRIERS, LAND
from .selectors import carrier_list, land_list, park_get, park_list

router = Router(tags=["园区、载体与用地"])


class Placed(Schema):
    district: str | None
    district_name_zh: str | None
    demo_data: bool

    @staticmethod
    def resolve_district(obj):
        return obj.district.code if obj.district_id else None

    @staticmethod
    def resolve_district_name_zh(obj):
        return obj.district.name_zh if obj.district_id else None

    @staticmethod
    def resolve_demo_data(obj):
        return obj.origin == "demo"


class ParkOut(Placed):
    key: str
    name_zh: str
    kind: str
    kind_zh: str
    status: str
    since: date | None
    land_mu: Decimal | None
    operator: str

    @staticmethod
    def resolve_kind_zh(obj):
        return obj.get_kind_display()


class LandOut(Placed):
    parcel: str
    name: str
    use: str
    use_zh: str
    area_mu: Decimal
    status: str
    on: date
    park: str | None

    @staticmethod
    def resolve_use_zh(obj):
        return obj.get_use_display()

    @staticmethod
    def resolve_park(obj):
        return obj.park.key if obj.park_id else None


class CarrierOut(Placed):
    code: str
    name: str
    kind: str
    work: str
    floor_area: Decimal
    started_on: date | None
    completed_on: date | None


class ParkPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ParkOut]


class LandPage(ParkPage):
    items: list[LandOut]


class CarrierPage(ParkPage):
    items: list[CarrierOut]


@router.get("/parks", response={200: ParkPage, **ERRORS}, summary="园区、平台与片区")
def parks(request, page: Query[Page], system: str | None = None, kind: str = "", district: str = ""):
    return paginate(park_list(system_get(system), kind=kind, district=district).order_by("pk"), page)


@router.get("/parks/{key}", response={200: ParkOut, **ERRORS}, summary="单个园区")
def park_detail(request, key: str, system: str | None = None):
    return park_get(system_get(system), key)


@router.get("/land", response={200: LandPage, **ERRORS}, summary="用地记录（面积已换算为亩）")
def land(
    request, page: Query[Page], system: str | None = None, district: str = "", use: str = "", year: str = ""
):
    qs = land_list(system_get(system), district=district, use=use, year=year).select_related(
        "district", "park"
    )
    return paginate(qs.order_by("on", "pk"), page)


@router.get("/carriers", response={200: CarrierPage, **ERRORS}, summary="产业载体记录（建筑面积：万平方米）")
def carriers(request, page: Query[Page], system: str | None = None, district: str = "", kind: str = ""):
    return paginate(
        carrier_list(system_get(system), district=district, kind=kind)
        .select_related("district")
        .order_by("pk"),
        page,
    )


import_route(
    router,
    "/land/import",
    register=LAND,
    system_of=system_get,
    allowed=can_edit_places,
    denied=DENIED_PLACES_IMPORT,
    summary="导入用地记录（全有或全无；dry_run 只检查）",
)
import_route(
    router,
    "/carriers/import",
    register=CARRIERS,
    system_of=system_get,
    allowed=can_edit_places,
    denied=DENIED_PLACES_IMPORT,
    summary="导入载体记录（全有或全无；dry_run 只检查）",
)
