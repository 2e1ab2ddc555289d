from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chanye.accounts.audit import download
from chanye.accounts.permissions import DENIED_ENTERPRISE_IMPORT, can_import_enterprises, can_place_enterprise
from chanye.core.contributions import collect
from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows
from chanye.districts.selectors import district_get
from chanye.industries.selectors import industry_get
from chanye.systems.selectors import system_get

from .charts import chain_map_option
from .classification import placement_set
from .exports import gaps_xlsx, template_csv, template_xlsx
from .importing import import_enterprises, live_progress, start_batch
from .models import TAGS, Enterprise, EnterpriseFigure, ImportBatch
from .selectors import (
    TAG_FILTERS,
    chain_stats,
    enterprise_get,
    enterprise_list,
    figures_of,
    leaders_by_segment,
    name_industries,
)

# Files up to this size are imported during the request; larger ones run in the background.
INLINE_BYTES = 2 * 2**20


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@cached_page
def enterprise_list_view(request, slug: str):
    system = system_get(slug)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "district", "industry", "segment", "tag")}
    review = request.GET.get("review") == "1"
    result = enterprise_list(system=system, review=review, page=_page(request), **f)
    industry = system.industries.filter(slug=f["industry"]).first() if f["industry"] else None
    name_industries(system, result.rows)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "system": system,
        "nav": "enterprises",
        "result": result,
        "filters": f,
        "review": review,
        "industry": industry,
        "segments": industry.segments.all() if industry else [],
        "districts": system.districts.all(),
        "industries": system.industries.all(),
        "tags": TAG_FILTERS.items(),
        "has_demo": any(e.demo for e in result.rows),
        "query": query.urlencode(),
    }
    return render(request, "enterprises/enterprise_list.html", context)


@cached_page
@require_http_methods(["GET", "POST"])
def enterprise_detail(request, slug: str, pk: int):
    system = system_get(slug)
    firm = enterprise_get(system=system, pk=pk)
    if request.method == "POST":
        slugs = [s for s in request.POST.getlist("industries") if s]
        try:
            placement_set(
                user=request.user,
                enterprise=firm,
                slugs=slugs,
                segment_key=request.POST.get("segment", ""),
                reason=request.POST.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "已保存人工归类。" if slugs else "已清除人工归类，恢复按规则归类。")
        return redirect(firm.get_absolute_url())
    figures = figures_of(firm)
    names = dict(system.industries.values_list("slug", "name_zh"))
    placements = list(firm.placements.select_related("industry", "segment").order_by("rank"))
    context = {
        "system": system,
        "nav": "enterprises",
        "firm": firm,
        "figures": figures,
        "chart": _figures_chart(figures),
        "placements": placements,
        "industry_names": [names.get(s, s) for s in filter(None, firm.industry_slugs.split("|"))],
        "tags": firm.tags,
        "all_tags": TAGS,
        "can_place": can_place_enterprise(request.user),
        "industries": system.industries.prefetch_related("segments"),
        "history": history_rows(firm.history.all(), EnterpriseFigure.history.filter(enterprise_id=firm.pk)),
        **collect("enterprise_page", system=system, firm=firm),  # e.g. its 亩均 results (per_mu)
        "projects": list(firm.projects.select_related("district").order_by("-signed_on")[:50]),
    }
    return render(request, "enterprises/enterprise_detail.html", context)


def _figures_chart(figures) -> dict:
    """Annual figures over time, in 亿元 for large firms and 万元 for small ones."""
    annual = [f for f in figures if f.quarter == 0]
    years = [str(f.year) for f in annual]
    largest = max((float(f.revenue or 0) for f in annual), default=0)
    divisor, unit = (10000, "亿元") if largest >= 10000 else (1, "万元")

    def series(name, attr):
        return {
            "name": name,
            "type": "bar" if attr != "rd_spend" else "line",
            "data": [
                None if getattr(f, attr) is None else round(float(getattr(f, attr)) / divisor, 4)
                for f in annual
            ],
        }

    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 50, "right": 20, "top": 40, "bottom": 30},
        "xAxis": {"type": "category", "data": years},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            series("营业收入", "revenue"),
            series("工业总产值", "output_value"),
            series("税收", "tax"),
            series("研发投入", "rd_spend"),
        ],
    }


@cached_page
def chain_map(request, slug: str, industry_slug: str):
    system = system_get(slug)
    industry = industry_get(system=system, slug=industry_slug)
    district_code = request.GET.get("district", "")
    district = district_get(system=system, code=district_code) if district_code else None
    rows, extra = chain_stats(industry, district=district)
    leaders = leaders_by_segment(industry)
    context = {
        "system": system,
        "nav": "industries",
        "industry": industry,
        "district": district,
        "districts": system.districts.all(),
        "rows": [
            (s, r, score, leaders.get(s.pk, []), ((r.output_value or r.revenue) / 10000) if r else 0)
            for s, r, score in rows
        ],
        "gaps": sorted(
            (x for x in rows if x[2].status in ("缺链", "弱链")),
            key=lambda x: (x[2].status != "缺链", x[2].score),
        ),
        "unplaced": extra["unplaced"],
        "option": chain_map_option(industry, rows, district_code=district_code),
        "height": 56
        + 58
        * max(
            1,
            max(
                (
                    sum(1 for s, _, _ in rows if s.stage == st)
                    for st in ("upstream", "midstream", "downstream")
                ),
                default=1,
            ),
        ),
        "has_demo": any(r and r.demo_firms for _, r, _ in rows),
    }
    return render(request, "enterprises/chain_map.html", context)


def chain_gaps_export(request, slug: str, industry_slug: str):
    system = system_get(slug)
    industry = industry_get(system=system, slug=industry_slug)
    district_code = request.GET.get("district", "")
    district = district_get(system=system, code=district_code) if district_code else None
    rows, _ = chain_stats(industry, district=district)
    content = gaps_xlsx(system=system, industry=industry, district=district, rows=rows)
    file_name = f"{industry.slug}-gaps{('-' + district_code) if district_code else ''}.xlsx"
    return download(request, content, file_name=file_name, what=f"招商缺链清单 {industry.slug}")


def template_download(request, slug: str, fmt: str):
    system = system_get(slug)
    if fmt == "csv":
        return download(request, template_csv(), file_name="enterprises-template.csv", what=None)
    return download(request, template_xlsx(system), file_name="enterprises-template.xlsx", what=None)


@require_http_methods(["GET", "POST"])
def import_view(request, slug: str):
    system = system_get(slug)
    if request.method == "POST":
        if not can_import_enterprises(request.user):
            raise PermissionDenied(DENIED_ENTERPRISE_IMPORT)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的文件（.xlsx 或 .csv）。")
            return redirect("enterprises:import", slug=system.slug)
        content = upload.read()
        batch = start_batch(
            system=system,
            user=request.user,
            file_name=upload.name,
            content=content,
            dry_run=bool(request.POST.get("dry_run")),
        )
        if len(content) <= INLINE_BYTES:
            import_enterprises(batch=batch, content=content)
        else:
            _run_in_background(batch, content)
        return redirect("enterprises:import_batch", slug=system.slug, pk=batch.pk)
    context = {
        "system": system,
        "nav": "enterprises",
        "batches": ImportBatch.objects.filter(system=system).select_related("user")[:20],
        "can_import": can_import_enterprises(request.user),
        "inline_mb": INLINE_BYTES // 2**20,
    }
    return render(request, "enterprises/import.html", context)


def _run_in_background(batch: ImportBatch, content: bytes) -> None:
    """Store the file and queue it for the task worker; the page polls the batch."""
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{batch.pk}.upload"
    path.write_bytes(content)
    ImportBatch.objects.filter(pk=batch.pk).update(stored_path=str(path), stage="排队中")
    launch_batch(batch.pk)


def launch_batch(pk: int) -> None:
    """Queue the stored upload for the task worker (`chanye worker`), once this request's writes
    are committed so the worker finds the batch."""
    from django.db import transaction

    from .tasks import run_import_batch

    transaction.on_commit(lambda: run_import_batch.enqueue(pk))


def import_batch(request, slug: str, pk: int):
    system = system_get(slug)
    batch = ImportBatch.objects.filter(system=system, pk=pk).select_related("user").first()
    if batch is None:
        from django.http import Http404

        raise Http404(f"没有编号为 {pk} 的导入。")
    progress = live_progress(batch)
    total = progress["rows_total"] or 0
    context = {
        "system": system,
        "nav": "enterprises",
        "batch": batch,
        "progress": progress,
        "percent": 100
        if batch.status in ("done", "failed", "error")
        else (int(progress["rows_done"] * 100 / total) if total else 0),
        "running": batch.status in ("queued", "running"),
    }
    template = "enterprises/_batch_status.html" if request.htmx else "enterprises/import_batch.html"
    return render(request, template, context)


def review_queue(request, slug: str):
    system = system_get(slug)
    rows = list(
        Enterprise.objects.filter(system=system, needs_review=True)
        .select_related("district")
        .order_by("class_confidence", "pk")[:200]
    )
    name_industries(system, rows)
    context = {
        "system": system,
        "nav": "enterprises",
        "rows": rows,
        "total": Enterprise.objects.filter(system=system, needs_review=True).count(),
    }
    return render(request, "enterprises/review.html", context)
