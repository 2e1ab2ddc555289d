from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chanye.accounts.audit import download
from chanye.accounts.permissions import DENIED_SUPPORT_ITEM, can_edit_industry, can_edit_support_item
from chanye.core.contributions import collect
from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows
from chanye.systems.selectors import sources_by_key, system_get

from .charts import chain_height, chain_option
from .exports import support_matrix_xlsx
from .forms import IndustryForm, SupportItemForm
from .models import ChainSegment, Industry, SubIndustry, SupportItem
from .selectors import (
    industry_get,
    industry_list,
    support_item_get,
    support_item_totals,
    support_matrix,
    with_states,
)
from .services import industry_update, support_item_update


def industry_list_view(request, slug: str):
    system = system_get(slug)
    group = request.GET.get("group", "")
    office = request.GET.get("office", "")
    industries = industry_list(system=system, group=group, office=office)
    return render(
        request,
        "industries/industry_list.html",
        {
            "system": system,
            "industries": industries,
            "groups": system.industry_groups.all(),
            "offices": system.offices.all(),
            "group": group,
            "office": office,
        },
    )


@cached_page
@require_http_methods(["GET", "POST"])
def industry_detail(request, slug: str, industry_slug: str):
    system = system_get(slug)
    industry = industry_get(system=system, slug=industry_slug)
    form = IndustryForm(instance=industry)
    if request.method == "POST":
        form = IndustryForm(request.POST, instance=Industry.objects.get(pk=industry.pk))
        if form.is_valid():
            try:
                industry_update(
                    user=request.user,
                    industry=industry,
                    data={f: form.cleaned_data[f] for f in Industry.EDITABLE_FIELDS},
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(industry.get_absolute_url())
    sources = sources_by_key(system)
    segments = list(industry.segments.all())
    context = {
        "system": system,
        "industry": industry,
        "segments": segments,
        "chain_option": chain_option(segments),
        "chain_height": chain_height(segments),
        "support_items": with_states(system, list(industry.support_items.select_related("item"))),
        "sources": [sources[k] for k in industry.source_ids if k in sources],
        "can_edit": can_edit_industry(request.user, industry),
        "form": form,
        "history": history_rows(
            industry.history.all(),
            ChainSegment.history.filter(industry_id=industry.pk),
            SubIndustry.history.filter(industry_id=industry.pk),
            SupportItem.history.filter(industry_id=industry.pk),
        ),
        # The districts that lay it out, its enterprise figures: from the apps that hold them.
        **collect("industry_page", system=system, industry=industry),
    }
    return render(request, "industries/industry_detail.html", context)


def office_detail(request, slug: str, key: str):
    system = system_get(slug)
    office = system.offices.filter(key=key).first()
    if office is None:
        raise Http404(f"体系「{system.name_zh}」中没有产业办「{key}」。")
    sources = sources_by_key(system)
    return render(
        request,
        "industries/office_detail.html",
        {
            "system": system,
            "office": office,
            "industries": office.industries.select_related("group"),
            "sources": [sources[k] for k in office.source_ids if k in sources],
            "history": history_rows(office.history.all()),
        },
    )


def package_matrix(request, slug: str):
    system = system_get(slug)
    group = request.GET.get("group", "")
    office = request.GET.get("office", "")
    items, pairs = support_matrix(system=system, group=group, office=office)
    rows = []
    for ind, cells in pairs:
        views = [_cell_view(request.user, c) for c in cells]
        rows.append((ind, views, sum(1 for v in views if v and v.status == SupportItem.STATUS_DONE)))
    context = {
        "system": system,
        "items": items,
        "rows": rows,
        "groups": system.industry_groups.all(),
        "offices": system.offices.all(),
        "group": group,
        "office": office,
        "status_choices": SupportItem.STATUS_CHOICES,
    }
    template = "industries/_package_matrix.html" if request.htmx else "industries/package_matrix.html"
    return render(request, template, context)


@dataclass(frozen=True)
class CellView:
    """One matrix cell, pre-computed: ~350 cells render far faster without per-cell lookups."""

    pk: int
    status: str
    label: str
    title: str
    editable: bool


def _cell_view(user, cell):
    if cell is None:
        return None
    status, label, note = cell.state.status, cell.state.label, cell.state.note
    return CellView(
        pk=cell.pk,
        status=status,
        label=label,
        title=f"{cell.industry.name_zh} · {cell.item.name_zh}：{note or label}"
        + (f"（{cell.owner_zh}）" if cell.owner_zh else ""),
        editable=not note and can_edit_support_item(user, cell),
    )


def package_export(request, slug: str):
    system = system_get(slug)
    group = request.GET.get("group", "")
    office = request.GET.get("office", "")
    content = support_matrix_xlsx(system=system, group=group, office=office)
    return download(
        request,
        content,
        file_name=f"{system.slug}-support-package.xlsx",
        what=f"3+5+3+1 完成度 {system.slug}",
    )


def support_item_detail(request, pk: int):
    item = support_item_get(pk)
    return render(
        request,
        "industries/support_item_detail.html",
        {
            "system": item.industry.system,
            "support_item": item,
            "can_edit": can_edit_support_item(request.user, item),
            "history": history_rows(item.history.all()),
        },
    )


@require_http_methods(["GET", "POST"])
def support_item_cell(request, pk: int):
    """htmx: GET ?edit=1 returns the edit form for one matrix cell; POST saves and returns the cell."""
    item = support_item_get(pk)
    can_edit = can_edit_support_item(request.user, item)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(DENIED_SUPPORT_ITEM.format(name=item))
        form = SupportItemForm(request.POST, instance=SupportItem.objects.get(pk=pk))
        if form.is_valid():
            support_item_update(
                user=request.user,
                support_item=item,
                data={f: form.cleaned_data[f] for f in SupportItemForm.Meta.fields},
            )
            if not request.htmx:
                return redirect(item.get_absolute_url())
            system = item.industry.system
            totals = support_item_totals(system, industries=[item.industry_id])
            return render(
                request,
                "industries/_support_cell.html",
                {
                    "cell": support_item_get(pk),
                    "editable": {item.pk},
                    "flash": True,
                    # Out-of-band swap keeps the row's 完成 count in step with the edited cell.
                    "done_count": totals[SupportItem.STATUS_DONE],
                    "item_count": sum(totals.values()),
                },
            )
        return render(
            request,
            "industries/_support_cell_form.html",
            {"cell": item, "form": form},
            status=422 if request.htmx else 200,
        )
    if request.GET.get("edit") and can_edit:
        return render(
            request,
            "industries/_support_cell_form.html",
            {"cell": item, "form": SupportItemForm(instance=item)},
        )
    return render(
        request, "industries/_support_cell.html", {"cell": item, "editable": {item.pk} if can_edit else set()}
    )
