"""Reads for projects: the register, one project's file, funnels and stalled projects."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from chanye.analytics import projects as pj

from .models import Project, ProjectInvestment, StallRule

PAGE = 50
NO_LAND_KINDS = ("tech_upgrade",)  # done on the firm's own land: no 供地 stage


def stall_days(system) -> dict[str, int]:
    """Allowed days per rule: the system's own, else the default."""
    days = {rule: spec[3] for rule, spec in pj.STALL_RULES.items()}
    days.update(dict(StallRule.objects.filter(system=system).values_list("rule", "days")))
    return days


def project_queryset(system, *, kind: str = "", district: str = "", industry: str = "", office: str = ""):
    qs = Project.objects.filter(system=system).select_related(
        "district", "industry", "office", "park", "enterprise"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district__code=district)
    if industry:
        qs = qs.filter(industry__slug=industry)
    if office:
        qs = qs.filter(office__key=office)
    return qs


def with_status(projects, system, today: date) -> list:
    """Each project with `.stall` (a Stall or None) and `.completed` (万元 to date)."""
    days = stall_days(system)
    projects = list(projects)
    done = dict(
        ProjectInvestment.objects.filter(project__in=[p.pk for p in projects])
        .values_list("project")
        .annotate(s=Sum("completed"))
        .order_by()
    )
    for p in projects:
        p.stall = pj.stall_of(p.dates, today, days, needs_land=p.kind not in NO_LAND_KINDS)
        p.completed = None if done.get(p.pk) is None else done[p.pk].quantize(Decimal("0.01"))
        p.planned_yi = (
            None if p.planned_investment is None else p.planned_investment / 10000
        )  # 亿元 for lists
        p.completed_yi = None if p.completed is None else p.completed / 10000
    return projects


def project_get(system, pk: int) -> Project:
    project = project_queryset(system).filter(pk=pk).first()
    if project is None:
        raise Http404("没有这个项目。")
    return project


def funnels(system, by: str, *, kind: str = "") -> tuple[list, list]:
    """(overall funnel, [(group name, key, funnel)]) by industry or district."""
    qs = project_queryset(system, kind=kind)
    groups: dict = defaultdict(list)
    names = {}
    everything = []
    for p in qs:
        if by == "district":
            key, name = p.district.code, p.district.name_zh
        else:
            key, name = (p.industry.slug, p.industry.name_zh) if p.industry else ("", "未定产业")
        groups[key].append(p.stage)
        names[key] = name
        everything.append(p.stage)
    return pj.funnel(everything), [(names[k], k, pj.funnel(v)) for k, v in groups.items()]


def stalled(system, today: date, *, district: str = "", office: str = "") -> list:
    rows = [
        p
        for p in with_status(project_queryset(system, district=district, office=office), system, today)
        if p.stall
    ]
    return sorted(rows, key=lambda p: -p.stall.over)


def stalled_counts(rows, by: str) -> list[tuple[str, list[int], int]]:
    """(group name, [n per rule, in STALL_RULES order], total) per district or office, most first."""
    rules = list(pj.STALL_RULES)
    counts: dict = defaultdict(lambda: [0] * len(rules))
    for p in rows:
        name = p.district.name_zh if by == "district" else (p.office.name_zh if p.office else "未指定产业办")
        counts[name][rules.index(p.stall.rule)] += 1
    return sorted(((name, cells, sum(cells)) for name, cells in counts.items()), key=lambda r: -r[2])


def investments(project) -> list[ProjectInvestment]:
    return list(project.investments.order_by("year", "month"))


def district_layout_figures(*, system, district, industry_ids) -> dict:
    """Projects, started projects and planned investment per layout industry (slot "district_layout")."""
    from django.db.models import Count, Q, Sum

    from chanye.districts.selectors import LayoutColumn

    rows = (
        Project.objects.filter(system=system, district=district, industry_id__in=industry_ids)
        .values("industry_id")
        .annotate(
            n=Count("pk"),
            started=Count("pk", filter=Q(started_on__isnull=False)),
            money=Sum("planned_investment"),
        )
        .order_by()
    )
    by = {r["industry_id"]: r for r in rows}
    return {
        "columns": [
            LayoutColumn("项目", "个", {k: r["n"] for k, r in by.items()}, "项目"),
            LayoutColumn("已开工", "个", {k: r["started"] for k, r in by.items()}, "项目"),
            LayoutColumn("计划总投资", "万元", {k: r["money"] or 0 for k, r in by.items()}, "项目"),
        ]
    }
