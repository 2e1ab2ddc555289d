"""Writes for projects: the projects a system's source names, and deterministic demo projects."""

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from chanye.core.history import SOURCE_CLI, acting_as
from chanye.core.pagecache import bump_data_version
from chanye.core.services import delete_demo
from chanye.industries.models import Industry
from chanye.places.demo import fitting, number_by_date

from .models import PROJECT_KINDS, Project, ProjectInvestment


def named_projects_load(*, system, user, path: Path | None = None) -> int:
    """Add (by code) the projects of data/systems/<slug>-projects.yaml; existing codes are kept."""
    path = path or Path(settings.REPO_DIR) / "data" / "systems" / f"{system.slug}-projects.yaml"
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    districts = dict(system.districts.values_list("code", "pk"))
    industries = dict(system.industries.values_list("slug", "pk"))
    kinds = dict(PROJECT_KINDS)
    problems = []
    items = data.get("projects") or []
    for i, p in enumerate(items, start=1):
        at = f"{path.name} projects 第 {i} 项「{p.get('code', '?')}」"
        if p.get("kind") not in kinds:
            problems.append(f"{at}：类型「{p.get('kind')}」不可用，可选：{'、'.join(kinds)}。")
        if str(p.get("district")) not in districts:
            problems.append(f"{at}：区代码「{p.get('district')}」不在本体系中。")
        if p.get("industry") and p["industry"] not in industries:
            problems.append(f"{at}：产业「{p['industry']}」不在本体系中。")
    if problems:
        raise ValidationError(problems)
    added = 0
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        for p in items:
            if Project.objects.filter(system=system, code=p["code"]).exists():
                continue
            Project.objects.create(
                system=system, code=p["code"], name=p["name"], kind=p["kind"], district_id=districts[str(p["district"])],
                industry_id=industries.get(p.get("industry") or ""), origin="document", source_key="S00", source_quote=(p.get("quote") or "")[:300],
            )  # fmt: skip
            added += 1
    if added:
        bump_data_version()
    return added


DEMO_KINDS = [
    ("tech_upgrade", 700),
    ("key", 40),
    ("investment", 60),
    ("park_construction", 20),
    ("village_renovation", 10),
    ("industrial_renewal", 10),
]
STAGE_GAPS = (
    ("land_on", 60, 260),
    ("started_on", 30, 240),
    ("operating_on", 200, 700),
    ("full_on", 120, 400),
)
# Demo codes look like the register's own: YS (演示) + XM (项目), the year signed, a number.
DEMO_CODE_PREFIX = "YSXM"
NAMES = {"tech_upgrade": "智能化技术改造项目", "key": "产业基地项目", "investment": "总部及生产基地项目", "park_construction": "产业载体建设项目",
         "village_renovation": "村镇工业集聚区改造项目", "industrial_renewal": "工改工项目"}  # fmt: skip


def _demo_name(district, industry, kind: str) -> str:
    place, noun = district.name_zh.removesuffix("区"), NAMES[kind]
    return fitting(Project, "name", f"{place}{industry.name_zh}{noun}（演示）", f"{place}{noun}（演示）")


def projects_demo(*, system, user, today: date, seed: int = 90) -> int:
    """Deterministic demo projects (origin 演示数据) with stage dates and monthly investment."""
    if Project.objects.filter(system=system, origin="demo").exists():
        return 0
    rng = random.Random(seed)
    districts = list(system.districts.order_by("order"))
    # A pending slot (待确认) is not an industry yet: nothing, not even demo data, goes in it.
    industries = list(
        system.industries.exclude(status=Industry.STATUS_PENDING).select_related("office").order_by("order")
    )
    leaders = ["（演示）市领导甲", "（演示）市领导乙", "（演示）市领导丙", ""]
    start = date(today.year - 1, 1, 1)
    projects, money = [], []
    from chanye.places.models import Park

    parks: dict = {}
    for park in Park.objects.filter(system=system, district__isnull=False).order_by("key"):
        parks.setdefault(park.district_id, []).append(park)
    for kind, count in DEMO_KINDS:
        for _ in range(count):
            industry = rng.choice(industries)
            district = rng.choice(districts)
            signed = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
            dates, current = {"signed_on": signed}, signed
            # A tech upgrade is done by a firm on its own land: no 供地, and it starts soon after approval.
            gaps = (("started_on", 15, 120), *STAGE_GAPS[2:]) if kind == "tech_upgrade" else STAGE_GAPS
            for field, lo, hi in gaps:
                nxt = current + timedelta(days=rng.randrange(lo, hi))
                if nxt > today or rng.random() < 0.15:
                    break
                dates[field] = current = nxt
            planned = Decimal(rng.randrange(500, 200000))
            projects.append(Project(
                system=system, name=_demo_name(district, industry, kind),
                kind=kind, industry=industry, district=district, office=industry.office, leader=rng.choice(leaders) if kind == "key" else "",
                planned_investment=planned, origin="demo", **dates,
                park=rng.choice(parks[district.pk]) if kind != "tech_upgrade" and parks.get(district.pk) and rng.random() < 0.4 else None,
            ))  # fmt: skip
    number_by_date(projects, field="code", dated="signed_on", prefix=DEMO_CODE_PREFIX)
    with transaction.atomic(), acting_as(user, source=SOURCE_CLI):
        created = bulk_create_with_history(
            projects, Project, default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
        )
        for project in Project.objects.filter(system=system, origin="demo", started_on__isnull=False):
            month, total = (
                date(project.started_on.year, project.started_on.month, 1),
                project.planned_investment,
            )
            while month <= today and total > 0:
                planned = (project.planned_investment / 18).quantize(Decimal("0.01"))
                done = (planned * Decimal(rng.uniform(0.5, 1.3))).quantize(Decimal("0.01"))
                money.append(
                    ProjectInvestment(
                        project=project,
                        year=month.year,
                        month=month.month,
                        planned=planned,
                        completed=min(done, total),
                        origin="demo",
                    )
                )
                total -= done
                month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        bulk_create_with_history(
            money, ProjectInvestment, default_user=user, custom_historical_attrs={"source": SOURCE_CLI}
        )
        from chanye.targets.computations import recompute

        recompute(system=system, user=user, on=today, names={"tech_upgrade_projects_started"})
    bump_data_version()
    return len(created)


def projects_demo_clear(*, system, user) -> int:
    return delete_demo(models=(Project,), system=system, user=user)


def named_projects_init(*, user) -> list[str]:
    """`chanye init`: the projects the default system's source article names (stages and amounts pending)."""
    from chanye.core.steps import StepError
    from chanye.systems.services import default_system

    system = default_system()
    if system is None:
        return []
    try:
        n = named_projects_load(system=system, user=user)
    except ValidationError as exc:
        raise StepError("项目文件有问题：\n" + "\n".join(exc.messages)) from None
    return [f"已载入来源文件点名的项目 {n} 个（阶段和投资待登记）。"] if n else []
