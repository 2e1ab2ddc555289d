"""The land and carrier registers for import (chanye.core.importing does the checking and writing)."""

from chanye.accounts.permissions import row_guard
from chanye.core.importing import Col, Register, system_lookups, words
from chanye.targets.computations import recompute_register

from .models import CARRIER_KINDS, CARRIER_WORKS, LAND_STATUS, LAND_USES, CarrierRecord, LandRecord


def _carrier_dates(clean: dict) -> list[tuple[str, str]]:
    if clean.get("started_on") and clean.get("completed_on") and clean["completed_on"] < clean["started_on"]:
        return [("completed_on", "建成日期早于开工日期：请核对。")]
    return []


LAND_COLUMNS = [
    Col("地块编号", "parcel", True, max_len=60, hint="如 GZ2025-0123"),
    Col("地块名称", "name"),
    Col("所在区", "district", True, "lookup", lookup="districts"),
    Col("所在园区", "park", False, "lookup", lookup="parks"),
    Col("类别", "use", True, "choice", words(LAND_USES)),
    Col("面积", "area", True, "number"),
    Col("面积单位", "unit", False, "unit", hint="亩（默认）、万亩、平方公里、平方米、万平方米"),
    Col(
        "状态",
        "status",
        True,
        "choice",
        words(
            LAND_STATUS,
            {"挂牌": "offered", "成交": "supplied", "划拨": "supplied", "已收储": "done", "完成": "done"},
        ),
    ),
    Col("日期", "on", True, "date"),
    Col("备注", "note", max_len=300),
]
CARRIER_COLUMNS = [
    Col("载体编号", "code", True, max_len=60, hint="如 LW-2025-007"),
    Col("载体名称", "name", True),
    Col("所在区", "district", True, "lookup", lookup="districts"),
    Col("所在园区", "park", False, "lookup", lookup="parks"),
    Col("类型", "kind", True, "choice", words(CARRIER_KINDS)),
    Col("建设方式", "work", False, "choice", words(CARRIER_WORKS, {"改造": "upgrade", "": "new"})),
    Col("建筑面积", "area", True, "number"),
    Col("面积单位", "unit", False, "unit", hint="万平方米（默认）、平方米"),
    Col("开工日期", "started_on", False, "date"),
    Col("建成日期", "completed_on", False, "date"),
    Col("备注", "note", max_len=300),
]

LAND = Register(
    "用地记录", LandRecord, LAND_COLUMNS, ("parcel", "use"), system_lookups("parks"),
    after_write=recompute_register, computations=("new_industrial_land_supplied", "industrial_land_offered", "land_reserve_acquired", "land_renewal_done", "industrial_land_integrated", "village_clusters_renovated"),
    stored_unit="亩", area_field="area_mu", authorize=row_guard(),
)  # fmt: skip
CARRIERS = Register(
    "载体记录", CarrierRecord, CARRIER_COLUMNS, ("code",), system_lookups("parks"),
    after_write=recompute_register, computations=("carrier_projects_started", "carrier_area_started", "carriers_completed", "carrier_area_completed", "innovation_carrier_area_completed", "factory_area_completed"),
    stored_unit="万平方米", area_field="floor_area", check=_carrier_dates, authorize=row_guard(),
)  # fmt: skip
