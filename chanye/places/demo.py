"""Deterministic demo parks, land and carrier records (origin 演示数据), so the pages and the targets
computed from records have something to show. Real records are never touched."""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.pagecache import bump_data_version
from chanye.core.services import delete_demo

from .models import CarrierRecord, LandRecord, Park

DEMO_PARKS = [
    ("benchmark_park", "特色标杆工业园", 6),
    ("energy_storage_park", "新型储能产业园", 2),
    ("biomed_value_park", "生物医药价值园", 3),
    ("village_cluster", "村镇工业集聚区", 4),
    ("innovation_carrier", "科创园", 4),
]
WORDS = ["智造", "创新", "湾区", "云谷", "光谷", "数智", "绿能", "生命", "未来", "先进"]
# District emphasis, so the district targets have records (code → land uses it mostly records).
DISTRICT_USES = {
    "440118": "integration",
    "440117": "reserve",
    "440114": "village_renovation",
    "440115": "new_industrial",
    "440103": "new_industrial",
}


# Shared with the demo generators of the apps above this one (projects, lists).


def number_by_date(rows: list, *, field: str, dated: str, prefix: str) -> None:
    """Codes as a register numbers its entries: the register's letters (YS = 演示 first, so a demo
    code never passes for a real one), the year of each row's date, then 0001 … in date order within
    that year, e.g. "YSDK-2025-0007". No slugs or English words, which users would see."""
    counts: Counter = Counter()
    for row in sorted(rows, key=lambda r: getattr(r, dated)):  # stable: same seed, same codes
        year = getattr(row, dated).year
        counts[year] += 1
        setattr(row, field, f"{prefix}-{year}-{counts[year]:04d}")


def fitting(model, field: str, *forms: str) -> str:
    """The first (fullest) composed form that fits the field: a demo name is never cut mid-word."""
    limit = model._meta.get_field(field).max_length
    return next(form for form in forms if len(form) <= limit)


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _park_in(rng: random.Random, parks: list, district, share: float):
    """A park of the same district for about `share` of the records (None when it has none)."""
    here = [p for p in parks if p.district_id == district.pk]
    return rng.choice(here) if here and rng.random() < share else None


def places_demo(*, system, user, today: date, seed: int = 12218) -> int:
    """Adds the demo records once (keyed by code); returns how many were added."""
    if Park.objects.filter(system=system, origin="demo").exists():
        return 0
    rng = random.Random(seed)
    districts = list(system.districts.order_by("order"))
    by_code = {d.code: d for d in districts}
    start = date(today.year - 1, 1, 1)  # last year and this one: the 2025 targets and the current ones
    added = 0
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        parks = []
        for kind, label, n in DEMO_PARKS:
            for i in range(n):
                district = rng.choice(districts)
                status = rng.choice(["building", "operating", "operating", "planned"])
                park = Park.objects.create(
                    system=system, key=f"demo-{kind}-{i + 1}", name_zh=f"{district.name_zh.removesuffix('区')}{rng.choice(WORDS)}{label}（演示）",
                    kind=kind, district=district, status=status, since=None if status == "planned" else _day(rng, start, today),
                    land_mu=Decimal(rng.randrange(300, 3000)), floor_area=Decimal(rng.randrange(20, 200)), operator="（演示）园区运营公司", origin="demo",
                )  # fmt: skip
                parks.append(park)
                added += 1
        land = []
        for _ in range(160):
            district = rng.choice(districts)
            use = DISTRICT_USES.get(district.code) if rng.random() < 0.6 else None
            use = use or rng.choice(
                [
                    "new_industrial",
                    "new_industrial",
                    "reserve",
                    "renewal",
                    "integration",
                    "village_renovation",
                ]
            )
            status = (
                rng.choice(["planned", "offered", "supplied", "done", "done"])
                if use == "new_industrial"
                else rng.choice(["planned", "done", "done", "done"])
            )
            if use in ("reserve", "new_industrial") and status == "done":
                status = "supplied" if use == "new_industrial" else "done"
            land.append(LandRecord(
                system=system, name=f"{district.name_zh.removesuffix('区')}演示地块", district=district,
                park=_park_in(rng, parks, district, 0.3), use=use, area_mu=Decimal(rng.randrange(20, 600)),
                status=status, on=_day(rng, start, today), origin="demo",
            ))  # fmt: skip
        carriers = []
        for i in range(90):
            district = (by_code.get("440103") if i < 25 else None) or rng.choice(
                districts
            )  # 荔湾 has carrier targets
            started = _day(rng, start, today)
            done = started + timedelta(days=rng.randrange(120, 700))
            carriers.append(CarrierRecord(
                system=system, name=f"{district.name_zh.removesuffix('区')}演示载体", district=district,
                park=_park_in(rng, parks, district, 0.4), kind=rng.choice(["innovation", "factory", "industrial", "industrial"]),
                work=rng.choice(["new", "new", "upgrade"]), floor_area=Decimal(rng.randrange(2, 40)),
                started_on=started, completed_on=done if done <= today else None, origin="demo",
            ))  # fmt: skip
        number_by_date(land, field="parcel", dated="on", prefix="YSDK")  # 演示 地块
        number_by_date(carriers, field="code", dated="started_on", prefix="YSZT")  # 演示 载体
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            land, LandRecord, default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
        )
        bulk_create_with_history(
            carriers, CarrierRecord, default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
        )
        added += len(land) + len(carriers)
        from chanye.targets.computations import recompute

        from .importing import CARRIERS, LAND

        recompute(
            system=system,
            user=user,
            on=today,
            names={
                *LAND.computations,
                *CARRIERS.computations,
                "benchmark_parks_built",
                "energy_storage_parks_built",
                "biomed_value_parks_built",
            },
        )
    bump_data_version()
    return added


def places_demo_clear(*, system, user) -> int:
    return delete_demo(models=(LandRecord, CarrierRecord, Park), system=system, user=user)


def park_demo_firms(*, system, user, per_park: int = 30, seed: int = 7) -> int:
    """Place demo firms (with land, in the park's district) in the demo parks, once; returns how many."""
    from simple_history.utils import bulk_update_with_history

    from chanye.enterprises.models import Enterprise

    if Enterprise.objects.filter(system=system, origin="demo", park__isnull=False).exists():
        return 0
    rng = random.Random(seed)
    placed, taken = [], set()
    for park in Park.objects.filter(system=system, origin="demo", district__isnull=False).order_by("key"):
        candidates = list(
            Enterprise.objects.filter(system=system, origin="demo", district=park.district, park__isnull=True, figures__land_mu__isnull=False)
            .distinct().order_by("pk").values_list("pk", flat=True)[:2000]
        )  # fmt: skip
        candidates = [pk for pk in candidates if pk not in taken]  # a firm is in one park
        chosen = set(rng.sample(candidates, min(per_park, len(candidates))))
        taken |= chosen
        firms = list(Enterprise.objects.filter(pk__in=chosen))
        for firm in firms:
            firm.park = park
        placed += firms
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        bulk_update_with_history(
            placed, Enterprise, ["park"], default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
        )
    bump_data_version()
    return len(placed)


def places_demo_step(*, system, user, today: date, enterprises: int, done: dict) -> list[str]:
    if added := places_demo(system=system, user=user, today=today):
        return [f"演示园区、用地和载体记录：新增 {added} 条（标注“演示数据”；相关目标的实际值按记录计算）。"]
    return []


def park_firms_demo_step(*, system, user, today: date, enterprises: int, done: dict) -> list[str]:
    """After the demo firms exist: some of them move into the demo parks."""
    if enterprises and (placed := park_demo_firms(system=system, user=user)):
        return [f"演示企业入园：{placed} 家演示企业放入演示园区。"]
    return []


def places_demo_clear_step(*, system, user) -> list[str]:
    return [f"已删除演示园区、用地和载体记录 {places_demo_clear(system=system, user=user)} 条。"]
