"""Reads for parks, land and carrier records."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from .models import LAND_USES, PARK_KINDS, CarrierRecord, LandRecord, Park


def park_list(system, *, kind: str = "", district: str = ""):
    qs = Park.objects.filter(system=system).select_related("district").prefetch_related("industries")
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district__code=district)
    return qs


def park_get(system, key: str) -> Park:
    park = Park.objects.filter(system=system, key=key).select_related("district").first()
    if park is None:
        raise Http404("没有这个园区。")
    return park


def parks_by_district(system) -> dict[int, int]:
    return dict(
        Park.objects.filter(system=system, district__isnull=False)
        .values_list("district")
        .annotate(n=Count("id"))
        .order_by()
    )


def kind_counts(system) -> list[tuple[str, str, int, int]]:
    """(kind, label, parks, of which building or operating) for the kinds that have parks."""
    rows = {k: [0, 0] for k, _ in PARK_KINDS}
    for kind, status, n in (
        Park.objects.filter(system=system).values_list("kind", "status").annotate(n=Count("id")).order_by()
    ):
        rows[kind][0] += n
        if status in ("building", "operating"):
            rows[kind][1] += n
    return [(k, label, *rows[k]) for k, label in PARK_KINDS if rows[k][0]]


def land_list(system, *, district: str = "", use: str = "", status: str = "", year: str = ""):
    qs = LandRecord.objects.filter(system=system).select_related("district", "park")
    if district:
        qs = qs.filter(district__code=district)
    if use:
        qs = qs.filter(use=use)
    if status:
        qs = qs.filter(status=status)
    if year.isdigit():
        qs = qs.filter(on__year=int(year))
    return qs


def land_table(qs) -> tuple[list, list]:
    """亩 per district × use (rows: district name, [亩 per use], total) and the use labels."""
    cells: dict = defaultdict(lambda: defaultdict(Decimal))
    names = {}
    for district, name, _order, use, total in (
        qs.values_list("district_id", "district__name_zh", "district__order", "use")
        .annotate(total=Sum("area_mu"))
        .order_by("district__order")
    ):
        cells[district][use] += total
        names[district] = name
    uses = [u for u, _ in LAND_USES]
    rows = [(names[d], [cells[d].get(u, Decimal(0)) for u in uses], sum(cells[d].values())) for d in names]
    return rows, [label for _, label in LAND_USES]


def land_years(system) -> list[int]:
    return sorted(
        {
            y
            for y in LandRecord.objects.filter(system=system)
            .annotate(y=ExtractYear("on"))
            .values_list("y", flat=True)
        },
        reverse=True,
    )


def carrier_list(system, *, district: str = "", kind: str = ""):
    qs = CarrierRecord.objects.filter(system=system).select_related("district", "park")
    if district:
        qs = qs.filter(district__code=district)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def carrier_totals(qs) -> dict:
    started = qs.filter(started_on__isnull=False).aggregate(n=Count("id"), area=Sum("floor_area"))
    completed = qs.filter(completed_on__isnull=False).aggregate(n=Count("id"), area=Sum("floor_area"))
    return {"started": started, "completed": completed}


def computed_targets(system, names) -> list:
    """The targets whose actuals these records compute, for the 'feeds these targets' panel."""
    from chanye.targets.models import Target

    return list(
        Target.objects.filter(system=system, computation__in=list(names))
        .select_related("district", "indicator")
        .order_by("code")
    )


def park_words(system) -> dict[str, int]:
    """What an import cell may say for a park: its key or its name."""
    out = {}
    for pk, key, name in Park.objects.filter(system=system).values_list("pk", "key", "name_zh"):
        out[key] = out[name] = pk
    return out


def district_layout_facts(*, system, district, industry_ids) -> dict:
    """The district's land and carrier records, not split by industry (slot "district_layout")."""
    from django.db.models import Count, Sum

    from chanye.analytics.display import quantity

    land = LandRecord.objects.filter(system=system, district=district)
    supplied = land.filter(status__in=("supplied", "done")).aggregate(n=Count("pk"), mu=Sum("area_mu"))
    carriers = CarrierRecord.objects.filter(system=system, district=district).aggregate(
        n=Count("pk"), area=Sum("floor_area")
    )
    return {
        "facts": [
            (
                "用地记录",
                f"{land.count()} 宗，其中已供应或完成 {supplied['n']} 宗、{quantity(supplied['mu'] or 0, '亩')}",
            ),
            ("载体记录", f"{carriers['n']} 个，建筑面积 {quantity(carriers['area'] or 0, '万平方米')}"),
        ]
    }
