"""Computed actuals from land, carrier and park records (registered with the targets engine).

Each computation returns the monthly flows inside the target's period (start .. min(today,
deadline)), zero months included, so the target's sum is the records' total and a record moved or
deleted leaves no stale month behind (`complete=True`). A district's target counts its district's
records only; a city target counts all.
"""

from chanye.analytics.months import monthly_flows
from chanye.targets.computations import flag_demo, register, scoped_to_target, target_window

LAND = "places.LandRecord"
CARRIER = "places.CarrierRecord"
PARK = "places.Park"


def _land(uses: tuple[str, ...], statuses: tuple[str, ...]):
    def compute(system, target, on):
        from .models import LandRecord

        start, end = target_window(target, on)
        qs = scoped_to_target(
            LandRecord.objects.filter(system=system, use__in=uses, status__in=statuses), target
        )
        return flag_demo(
            monthly_flows(qs.values_list("on", "area_mu"), start=start, end=end), qs, "on", start, end
        )

    return compute


def _carriers(*, date_field: str, kinds: tuple[str, ...] | None = None, count: bool = False):
    def compute(system, target, on):
        from .models import CarrierRecord

        start, end = target_window(target, on)
        qs = scoped_to_target(CarrierRecord.objects.filter(system=system), target)
        if kinds:
            qs = qs.filter(kind__in=kinds)
        rows = qs.values_list(date_field, "floor_area")
        return flag_demo(
            monthly_flows(((d, 1 if count else area) for d, area in rows), start=start, end=end),
            qs,
            date_field,
            start,
            end,
        )

    return compute


def _parks(kind: str):
    def compute(system, target, on):
        from .models import Park

        start, end = target_window(target, on)
        qs = scoped_to_target(
            Park.objects.filter(system=system, kind=kind, status__in=("building", "operating")), target
        )
        return flag_demo(
            monthly_flows(((d, 1) for d in qs.values_list("since", flat=True)), start=start, end=end),
            qs,
            "since",
            start,
            end,
        )

    return compute


SUPPLIED = ("supplied", "done")
LAND_RULES = {
    "new_industrial_land_supplied": ("新增工业用地（已供应）", ("new_industrial",), SUPPLIED),
    "industrial_land_offered": ("工业用地推出（挂牌及以后）", ("new_industrial",), ("offered", *SUPPLIED)),
    "land_reserve_acquired": ("土地实物收储", ("reserve",), SUPPLIED),
    "land_renewal_done": ("低效用地“工改工”（已完成）", ("renewal",), ("done",)),
    "industrial_land_integrated": ("产业用地整合（已完成）", ("integration",), ("done",)),
    "village_clusters_renovated": ("村镇工业集聚区改造（已完成）", ("village_renovation",), ("done",)),
}
for _name, (_label, _uses, _statuses) in LAND_RULES.items():
    register(_name, _label, unit="亩", depends_on=(LAND,), complete=True, records="places:land")(
        _land(_uses, _statuses)
    )

register(
    "carrier_projects_started",
    "开工的产业载体项目数",
    unit="个",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="started_on", count=True))
register(
    "carrier_area_started",
    "开工的产业载体面积",
    unit="万平方米",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="started_on"))
register(
    "carriers_completed",
    "建成的产业载体数",
    unit="个",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="completed_on", count=True))
register(
    "carrier_area_completed",
    "建成的产业载体面积",
    unit="万平方米",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="completed_on"))
register(
    "innovation_carrier_area_completed",
    "建成（新建或改造）的科创载体面积",
    unit="万平方米",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="completed_on", kinds=("innovation",)))
register(
    "factory_area_completed",
    "建成的高标准工业厂房面积",
    unit="万平方米",
    depends_on=(CARRIER,),
    complete=True,
    records="places:carriers",
)(_carriers(date_field="completed_on", kinds=("factory",)))

PARK_RULES = {
    "benchmark_parks_built": ("在建或建成的特色标杆工业园", "benchmark_park"),
    "energy_storage_parks_built": ("在建或建成的新型储能产业园", "energy_storage_park"),
    "biomed_value_parks_built": ("在建或建成的生物医药价值园", "biomed_value_park"),
}
for _name, (_label, _kind) in PARK_RULES.items():
    register(_name, _label, unit="个", depends_on=(PARK,), complete=True, records="places:park_list")(
        _parks(_kind)
    )
