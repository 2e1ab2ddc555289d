from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chanye.accounts.audit import download
from chanye.accounts.permissions import DENIED_LISTS_IMPORT, can_edit_lists
from chanye.core.charts import funnel_option
from chanye.core.importing import import_upload, outcome_status, register_xlsx, template_csv, template_xlsx
from chanye.core.selectors import history_rows
from chanye.systems.selectors import system_get

from .models import Lead
from .selectors import LISTS, funnel_of, items, segments_filled, summary, with_overdue
from .services import lead_to_project

SHOWN = 200
KINDS_ALL = [(k.key, k.label) for k in LISTS.values()]


def _kind(key: str):
    kind = LISTS.get(key)
    if kind is None:
        raise Http404("没有这张清单。")
    return kind


def _funnel_chart(steps) -> dict:
    return funnel_option([(s.label, s.reached) for s in steps])


def overview(request, slug: str):
    system = system_get(slug)
    office = request.GET.get("office", "").strip()
    today = date.today()
    funnels = [(kind, funnel_of(kind, items(kind, system, office=office))) for kind in LISTS.values()]
    context = {
        "system": system, "nav": "lists", "office": office, "kinds_all": KINDS_ALL, "offices": system.offices.all(), "kinds": list(LISTS.values()),
        "rows": summary(system, today, office=office), "funnels": [(k, steps, _funnel_chart(steps)) for k, steps in funnels],
        "has_demo": any(k.model.objects.filter(system=system, origin="demo").exists() for k in LISTS.values()),
    }  # fmt: skip
    return render(request, "lists/overview.html", context)


def list_view(request, slug: str, kind: str):
    system = system_get(slug)
    spec = _kind(kind)
    outcome = None
    if request.method == "POST":
        outcome = import_upload(
            request,
            register=spec.register,
            system=system,
            allowed=can_edit_lists(request.user),
            denied=DENIED_LISTS_IMPORT,
        )
    f = {k: request.GET.get(k, "").strip() for k in ("industry", "office", "stage", "state")}
    qs = items(spec, system, **f)
    rows = with_overdue(qs.order_by("-updated_at")[:SHOWN], spec, date.today())
    overdue = sorted(
        with_overdue(qs.filter(next_action_on__lt=date.today()), spec, date.today()),
        key=lambda r: -(r.overdue or 0),
    )
    steps = funnel_of(spec, qs)
    industry = system.industries.filter(slug=f["industry"]).first() if f["industry"] else None
    context = {
        "system": system, "nav": "lists", "kind": spec, "kinds_all": KINDS_ALL, "rows": rows, "count": qs.count(), "filters": f, "overdue": [r for r in overdue if r.overdue],
        "steps": steps, "chart": _funnel_chart(steps), "industries": system.industries.all(), "offices": system.offices.all(),
        "industry": industry, "segments": segments_filled(system, industry) if industry and spec.key == "leads" else None,
        "outcome": outcome, "can_edit": can_edit_lists(request.user), "register": spec.key, "shown": SHOWN,
        "templates": {fmt: reverse("lists:template", args=[system.slug, spec.key, fmt]) for fmt in ("xlsx", "csv")},
        "has_demo": any(r.demo for r in rows),
    }  # fmt: skip
    return render(request, "lists/list.html", context, status=outcome_status(outcome))


def lead_detail(request, slug: str, pk: int):
    system = system_get(slug)
    lead = get_object_or_404(
        Lead.objects.select_related("industry", "segment", "office", "district", "project"),
        system=system,
        pk=pk,
    )
    return render(request, "lists/lead_detail.html", {
        "system": system, "nav": "lists", "lead": lead, "can_edit": can_edit_lists(request.user), "history": history_rows(lead.history.all()),
    })  # fmt: skip


@require_POST
def lead_convert(request, slug: str, pk: int):
    system = system_get(slug)
    lead = get_object_or_404(Lead, system=system, pk=pk)
    try:
        project = lead_to_project(lead=lead, user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(lead.get_absolute_url())
    messages.success(
        request, f"已转为项目 {project.code}：产业、环节、企业、落地区、产业办、预计投资和签约日期已带入。"
    )
    return redirect(project.get_absolute_url())


def template_download(request, slug: str, kind: str, fmt: str):
    system = system_get(slug)
    spec = _kind(kind)
    if fmt not in ("csv", "xlsx"):
        raise Http404("没有这个模板。")
    content = template_csv(spec.register) if fmt == "csv" else template_xlsx(spec.register, system)
    return download(request, content, file_name=f"{spec.key}-template.{fmt}", what=None)


def list_export(request, slug: str, kind: str):
    """The list's items (same filters as the page) in the import's own columns: imports back unchanged."""
    system = system_get(slug)
    spec = _kind(kind)
    f = {k: request.GET.get(k, "").strip() for k in ("industry", "office", "stage", "state")}
    content = register_xlsx(spec.register, system, items(spec, system, **f).order_by("code"))
    return download(
        request, content, file_name=f"{spec.register.name}.xlsx", what=f"{spec.register.name} {system.slug}"
    )
