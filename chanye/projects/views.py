from datetime import date

from django.http import Http404
from django.shortcuts import render

from chanye.accounts.audit import download
from chanye.accounts.permissions import (
    DENIED_INVESTMENT_IMPORT,
    DENIED_PROJECTS_IMPORT,
    can_edit_projects,
)
from chanye.analytics import projects as pj
from chanye.core.charts import funnel_option
from chanye.core.importing import import_upload, outcome_status, template_csv, template_xlsx
from chanye.core.selectors import history_rows
from chanye.systems.selectors import system_get

from .charts import investment_option
from .exports import investments_xlsx, projects_xlsx
from .importing import INVESTMENTS, PROJECTS
from .models import PROJECT_KINDS, ProjectInvestment
from .selectors import (
    PAGE,
    funnels,
    investments,
    project_get,
    project_queryset,
    stall_days,
    stalled,
    stalled_counts,
    with_status,
)

FILTERS = ("kind", "district", "industry", "office")


def _templates(name: str, system) -> dict:
    from django.urls import reverse

    return {fmt: reverse(name, args=[system.slug, fmt]) for fmt in ("xlsx", "csv")}


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in FILTERS}


def _choices(system) -> dict:
    return {
        "kinds": PROJECT_KINDS,
        "districts": system.districts.all(),
        "industries": system.industries.all(),
        "offices": system.offices.all(),
    }


def project_list(request, slug: str):
    system = system_get(slug)
    outcome = None
    if request.method == "POST":
        outcome = import_upload(
            request,
            register=PROJECTS,
            system=system,
            allowed=can_edit_projects(request.user),
            denied=DENIED_PROJECTS_IMPORT,
        )
    f = _filters(request)
    only_stalled = request.GET.get("stalled") == "1"
    rows = with_status(project_queryset(system, **f), system, date.today())
    if only_stalled:
        rows = [p for p in rows if p.stall]
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, (len(rows) + PAGE - 1) // PAGE)
    page = min(page, pages)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "system": system, "nav": "projects", "rows": rows[(page - 1) * PAGE : page * PAGE], "total": len(rows), "page": page, "pages": pages,
        "filters": f, "only_stalled": only_stalled, "query": query.urlencode(), "outcome": outcome, "can_edit": can_edit_projects(request.user),
        "register": "projects", "templates": _templates("projects:template", system), "has_demo": any(p.demo for p in rows), **_choices(system),
    }  # fmt: skip
    return render(request, "projects/project_list.html", context, status=outcome_status(outcome))


def project_detail(request, slug: str, pk: int):
    system = system_get(slug)
    project = project_get(system, pk)
    rows = investments(project)
    (project,) = with_status([project], system, date.today())
    timeline = [
        {
            "label": pj.STAGE_LABELS[s],
            "phase": pj.PHASES[s],
            "on": project.dates[s],
            "current": s == project.stage,
        }
        for s in pj.STAGES
    ]
    context = {
        "system": system, "nav": "projects", "project": project, "timeline": timeline, "investments": rows,
        "chart": investment_option(rows) if rows else None, "days": stall_days(system),
        "history": history_rows(project.history.all(), ProjectInvestment.history.filter(project_id=project.pk)),
    }  # fmt: skip
    return render(request, "projects/project_detail.html", context)


def funnel_view(request, slug: str):
    system = system_get(slug)
    by = "district" if request.GET.get("by") == "district" else "industry"
    kind = request.GET.get("kind", "").strip()
    overall, groups = funnels(system, by, kind=kind)
    context = {
        "system": system, "nav": "projects", "by": by, "kind": kind, "kinds": PROJECT_KINDS, "overall": overall,
        "chart": funnel_option([(f"{s.label}（{s.phase}）", s.reached) for s in overall]), "groups": sorted(groups, key=lambda g: -g[2][0].reached),
    }  # fmt: skip
    return render(request, "projects/funnel.html", context)


def stalled_view(request, slug: str):
    system = system_get(slug)
    f = {k: request.GET.get(k, "").strip() for k in ("district", "office")}
    rows = stalled(system, date.today(), **f)
    days = stall_days(system)
    context = {
        "system": system, "nav": "projects", "rows": rows, "filters": f, "by_district": stalled_counts(rows, "district"),
        "by_office": stalled_counts(rows, "office"), "rules": [(spec[2], days[rule]) for rule, spec in pj.STALL_RULES.items()],
        "labels": [spec[2] for spec in pj.STALL_RULES.values()], "districts": system.districts.all(), "offices": system.offices.all(),
    }  # fmt: skip
    return render(request, "projects/stalled.html", context)


def project_export(request, slug: str):
    system = system_get(slug)
    rows = with_status(project_queryset(system, **_filters(request)), system, date.today())
    name = "项目" + ("-演示数据" if any(p.demo for p in rows) else "") + ".xlsx"
    return download(
        request,
        projects_xlsx(system, rows),
        file_name=name,
        what=f"项目库 {system.slug}（{len(rows)} 个项目）",
    )


def investment_export(request, slug: str):
    """Every registered project's monthly investment, in the import's columns."""
    from .models import ProjectInvestment

    system = system_get(slug)
    rows = ProjectInvestment.objects.filter(project__system=system).order_by("project__code", "year", "month")
    return download(
        request, investments_xlsx(system, rows), file_name="项目投资.xlsx", what=f"项目投资 {system.slug}"
    )


def investments_view(request, slug: str):
    """Monthly planned and completed investment of registered projects, imported under the same standard."""
    system = system_get(slug)
    outcome = None
    if request.method == "POST":
        outcome = import_upload(
            request,
            register=INVESTMENTS,
            system=system,
            allowed=can_edit_projects(request.user),
            denied=DENIED_INVESTMENT_IMPORT,
        )
    recent = (
        ProjectInvestment.objects.filter(project__system=system)
        .select_related("project")
        .order_by("-year", "-month", "project__code")[:100]
    )
    context = {
        "system": system, "nav": "projects", "outcome": outcome, "can_edit": can_edit_projects(request.user), "register": "investments",
        "recent": recent, "templates": _templates("projects:investment_template", system),
    }  # fmt: skip
    return render(request, "projects/investments.html", context, status=outcome_status(outcome))


def template_download(request, slug: str, fmt: str, register=PROJECTS):
    system = system_get(slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404("没有这个模板。")
    content = template_csv(register) if fmt == "csv" else template_xlsx(register, system)
    name = f"{'investments' if register is INVESTMENTS else 'projects'}-template.{fmt}"
    return download(request, content, file_name=name, what=None)
