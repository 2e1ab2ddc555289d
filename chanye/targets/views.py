import hashlib
from datetime import date

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, Min, Sum
from django.db.models.functions import Cast
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from chanye.accounts.audit import download
from chanye.accounts.permissions import can_edit_milestone, can_edit_target
from chanye.analytics import trajectory as tr
from chanye.analytics.evaluation import baseline_point
from chanye.core.importing import RowError
from chanye.core.selectors import history_rows
from chanye.districts.selectors import district_get, district_layout
from chanye.systems.selectors import sources_by_key, system_get

from .charts import target_option
from .exports import board_xlsx
from .forms import ObservationForm, OverrideForm
from .importing import SHEET, ImportResult, import_observations, observations_xlsx, template_xlsx
from .milestones import milestone_get, milestone_update
from .models import Observation, TargetSnapshot
from .selectors import city_breakdown, evaluate_target, target_board, target_get, target_spec
from .services import observation_record, target_set_override
from .snapshots import ensure_snapshots
from .stocktake import stocktake_data, stocktake_pdf, stocktake_xlsx

SORTS = {
    "status": ["severity", "order"],
    "deadline": [F("target__deadline").asc(nulls_last=True), "order"],
    "owner": ["target__owner_kind", "target__district__order", "order"],
    "likelihood": ["likelihood", "order"],
    "order": ["order"],
}
PAGE_SIZE = 100
FILTERS = ("owner", "district", "industry", "measure", "status", "deadline_year")


def _today(request) -> date:
    """Evaluation date: ?on=YYYY-MM-DD lets a stocktake look at a past date."""
    try:
        return date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return date.today()


COUNTS_SECONDS = 24 * 3600


def _status_counts(qs) -> tuple[dict[str, int], int]:
    """Targets per status, in the engine's order, and how many of them show 演示数据."""
    counts = dict.fromkeys(tr.STATUSES, 0)
    demo = 0
    for item in qs.values("status").annotate(n=Count("pk"), d=Sum(Cast("demo", IntegerField()))).order_by():
        counts[item["status"]] = item["n"]
        demo += item["d"] or 0
    return counts, demo


OWNER_OPTIONS = [("city", "全市"), ("district", "区"), ("body", "部门"), ("office", "产业办")]


def _option_pairs(system) -> dict[str, list[tuple[str, str]]]:
    # DISTINCT on the raw dates: SQLite's date-trunc function is slow over many rows.
    years = sorted(
        {
            d.year
            for d in system.targets.exclude(deadline=None)
            .values_list("deadline", flat=True)
            .order_by()
            .distinct()
        }
    )
    return {
        "owner": OWNER_OPTIONS,
        "district": list(system.districts.values_list("code", "name_zh")),
        "industry": list(system.industries.values_list("slug", "name_zh")),
        "measure": list(system.elements.filter(kind="measure").values_list("key", "name_zh")),
        "status": [(s, s) for s in tr.STATUSES],
        "deadline_year": [(str(y), f"{y} 年") for y in years] + [("none", "待确认")],
    }


def _filter_options(system, filters, fresh_key: str) -> dict[str, str]:
    """`<option>` lists of the filter form; the pairs are cached under the snapshots' version."""
    key = f"board-options:{fresh_key}"
    pairs = cache.get(key)
    if pairs is None:
        pairs = _option_pairs(system)
        cache.set(key, pairs, COUNTS_SECONDS)
    return {
        name: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((v, " selected" if filters[name] == v else "", label) for v, label in values),
        )
        for name, values in pairs.items()
    }


def _board(request, system):
    """The board reads evaluation snapshots (rebuilt when stale), filtered and sorted in SQL."""
    filters = {k: request.GET.get(k, "") for k in FILTERS}
    on = _today(request)
    fresh = ensure_snapshots(system=system, on=on)
    qs = TargetSnapshot.objects.filter(system=system)
    if filters["owner"]:
        qs = qs.filter(target__owner_kind=filters["owner"])
    if filters["district"]:
        qs = qs.filter(target__district__code=filters["district"])
    if filters["industry"]:
        qs = qs.filter(target__industries__slug=filters["industry"])
    if filters["measure"]:
        qs = qs.filter(target__measures__key=filters["measure"])
    if filters["deadline_year"] == "none":
        qs = qs.filter(target__deadline__isnull=True)
    elif filters["deadline_year"].isdigit():
        qs = qs.filter(target__deadline__year=int(filters["deadline_year"]))
    # Counts are an aggregate over every matching snapshot: cached under the snapshots' version,
    # which any change a row can show bumps, so a cached count is never stale.
    key = "board-counts:" + hashlib.sha256(f"{fresh.key}|{on}|{sorted(filters.items())}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _status_counts(qs)
        cache.set(key, cached, COUNTS_SECONDS)
    counts, counts_demo = cached
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    sort = request.GET.get("sort", "order")
    ordering = SORTS.get(sort.lstrip("-"), SORTS["order"])
    if sort.startswith("-"):
        ordering = [o.desc() if hasattr(o, "desc") and not isinstance(o, str) else f"-{o}" for o in ordering]
    total = counts[filters["status"]] if filters["status"] else sum(counts.values())
    return qs.order_by(*ordering), counts, filters, on, sort, total, counts_demo, fresh.key


class _Page:
    """Page numbers from the counts the board already has (no second COUNT query)."""

    def __init__(self, number, total: int):
        self.num_pages = max(1, -(-total // PAGE_SIZE))
        try:
            self.number = min(max(int(number or 1), 1), self.num_pages)
        except ValueError:
            self.number = 1
        self.start = (self.number - 1) * PAGE_SIZE
        self.has_previous = self.number > 1
        self.has_next = self.number < self.num_pages
        self.has_other_pages = self.num_pages > 1
        self.previous_page_number = self.number - 1
        self.next_page_number = self.number + 1


STATUS_BY_SEVERITY = {v: k for k, v in tr.SEVERITY.items()}


def _rollups(qs) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """Worst-wins status per owner, district, industry and measure, from the board's own snapshot rows."""
    out = [("按责任主体", _owner_rollup(qs))]
    for title, field in (
        ("按区", "target__district__name_zh"),
        ("按产业", "target__industries__name_zh"),
        ("按重大举措", "target__measures__name_zh"),
    ):
        rows = (
            qs.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(worst=Min("severity"), n=Count("pk"))
            .order_by("worst", field)
        )
        out.append((title, [(r[field], STATUS_BY_SEVERITY[r["worst"]], r["n"]) for r in rows]))
    return out


OWNER_KIND_LABELS = {"city": "全市", "district": "区", "body": "部门", "office": "产业办"}


def _owner_rollup(qs) -> list[tuple[str, str, int]]:
    """Each owner as the board names it: 全市, a district, an office, or a named body (市工信局 …)."""
    fields = (
        "target__owner_kind",
        "target__district__name_zh",
        "target__office__name_zh",
        "target__owner_body_zh",
    )
    worst: dict[str, tuple[int, int]] = {}
    for r in qs.values(*fields).annotate(worst=Min("severity"), n=Count("pk")).order_by():
        kind = r["target__owner_kind"]
        name = (
            {
                "city": "全市",
                "district": r["target__district__name_zh"],
                "office": r["target__office__name_zh"],
            }.get(kind)
            or r["target__owner_body_zh"]
            or OWNER_KIND_LABELS.get(kind, kind)
        )
        severity, n = worst.get(name, (99, 0))
        worst[name] = (min(severity, r["worst"]), n + r["n"])
    return [
        (name, STATUS_BY_SEVERITY[sev], n)
        for name, (sev, n) in sorted(worst.items(), key=lambda item: (item[1][0], item[0]))
    ]


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def target_board_view(request, slug: str):
    system = system_get(slug)
    qs, counts, filters, on, sort, total, demo, fresh_key = _board(request, system)
    page = _Page(request.GET.get("page"), total)
    context = {
        "system": system,
        # Rows were rendered (and escaped) when their snapshots were built: see targets/rows.py.
        "rows_html": mark_safe(
            "".join(qs.values_list("row_html", flat=True)[page.start : page.start + PAGE_SIZE])
        ),  # noqa: S308
        "page": page,
        "total": total,
        "has_demo": demo > 0,
        # Roll-ups are three aggregates over every row: loaded only when the panel is opened.
        "rollups": _rollups(qs) if request.GET.get("rollups") else [],
        "counts": counts,
        "filters": filters,
        "on": on,
        "sort": sort,
        "options": _filter_options(system, filters, fresh_key),
        "query": _query_without(request, "sort", "page"),
        "page_query": _query_without(request, "page"),
    }
    if request.GET.get("rollups") and request.htmx:
        return render(request, "targets/_rollups.html", context)
    template = "targets/_board_table.html" if request.htmx else "targets/target_board.html"
    return render(request, template, context)


def target_board_export(request, slug: str):
    system = system_get(slug)
    qs, _, filters, on, _, _, _, _ = _board(request, system)
    rows = list(qs.select_related("target__indicator", "target__district", "target__office"))
    content = board_xlsx(system=system, rows=rows, on=on, filters=filters)
    return download(
        request, content, file_name=f"{system.slug}-targets-{on}.xlsx", what=f"目标看板 {system.slug}"
    )


def _records_url(system, target) -> str:
    """Where the records behind a computed target are kept ("" if not computed or no page)."""
    from django.urls import reverse

    from .computations import REGISTRY

    computation = REGISTRY.get(target.computation)
    return reverse(computation.records, args=[system.slug]) if computation and computation.records else ""


@require_http_methods(["GET", "POST"])
def target_detail(request, slug: str, code: str):
    system = system_get(slug)
    target = target_get(system=system, code=code)
    can_edit = can_edit_target(request.user, target)
    obs_form = ObservationForm(initial={"unit": target.indicator.unit, "period_end": date.today()})
    override_form = OverrideForm(initial={"status": target.status_override, "reason": target.override_reason})
    if request.method == "POST":
        if request.POST.get("action") == "override":
            override_form = OverrideForm(request.POST)
            if override_form.is_valid():
                try:
                    target_set_override(
                        user=request.user,
                        target=target,
                        status=override_form.cleaned_data["status"],
                        reason=override_form.cleaned_data["reason"],
                    )
                    return redirect(target.get_absolute_url())
                except ValidationError as exc:
                    override_form.add_error("reason", exc)
        else:
            obs_form = ObservationForm(request.POST)
            if obs_form.is_valid():
                data = obs_form.cleaned_data
                try:
                    observation_record(
                        user=request.user,
                        target=target,
                        period_end=data["period_end"],
                        value=data["value"],
                        unit=data["unit"],
                        period_kind=data["period_kind"],
                        base_value=data["base_value"],
                        note=data["note"],
                    )
                    return redirect(target.get_absolute_url())
                except ValidationError as exc:
                    obs_form.add_error(None, exc)
        target = target_get(system=system, code=code)
    on = _today(request)
    row = evaluate_target(target, on)
    spec = target_spec(target)
    status_history = _status_history(target, spec, on)
    sources = sources_by_key(system)
    context = {
        "system": system,
        "target": target,
        "row": row,
        "e": row.evaluation,
        "on": on,
        "chart": target_option(
            spec=spec,
            baseline=baseline_point(spec),
            evaluation=row.evaluation,
            unit=target.indicator.unit,
            today=on,
        ),
        "source": sources.get(target.source_key),
        "observations": target.observations.select_related("entered_by").order_by("-period_end"),
        "can_edit": can_edit,
        "obs_form": obs_form,
        "records_url": _records_url(system, target),
        "override_form": override_form,
        "history": history_rows(target.history.all(), Observation.history.filter(series_id=target.series_id)),
        "status_history": status_history,
        "breakdown": city_breakdown(target),
    }
    return render(request, "targets/target_detail.html", context)


def _status_history(target, spec, on: date) -> list[tuple[date, str, str]]:
    """The status as it stood after each actual (recomputed), plus manual overrides from the history."""
    from chanye.analytics.evaluation import evaluate

    from .selectors import observation_point

    observations = [
        observation_point(o, target.kind) for o in target.observations.all() if o.period_end <= on
    ]
    out, last = [], None
    for o in observations:
        status = evaluate(spec, observations, o.period_end).status
        if status != last:
            out.append((o.period_end, status, "按截至该期的实际值计算"))
            last = status
    for record in target.history.filter(status_override__gt="").order_by("history_date"):
        out.append(
            (record.history_date.date(), record.status_override, f"人工调整：{record.override_reason}")
        )
    return sorted(out, key=lambda item: item[0])


def district_scorecard(request, slug: str, code: str):
    system = system_get(slug)
    district = district_get(system=system, code=code)
    on = _today(request)
    rows = target_board(system=system, on=on, district=code)
    city_rows = {r.target.indicator_id: r for r in target_board(system=system, on=on, owner="city")}
    shares = []
    for r in rows:
        city = city_rows.get(r.target.indicator_id)
        if city and r.target.indicator.additive and city.target.value_std:
            shares.append((r, city, r.target.value_std / city.target.value_std))
    milestones = [(m, can_edit_milestone(request.user, m)) for m in district.milestones.all()]
    context = {
        "system": system,
        "district": district,
        "rows": rows,
        "on": on,
        "worst": tr.worst(r.status for r in rows),
        "has_demo": any(r.demo for r in rows),
        "counts": tr.status_counts(r.status for r in rows),
        "shares": shares,
        "milestones": milestones,
        "layout": district_layout(system=system, district=district),
    }
    return render(request, "targets/district_scorecard.html", context)


def _owner_choices(system):
    choices = [("city", "全市")] + [(f"district:{d.code}", d.name_zh) for d in system.districts.all()]
    return choices + [(f"office:{o.key}", o.name_zh) for o in system.offices.all()]


def _default_owner(user, system) -> str:
    profile = getattr(user, "profile", None)
    if profile and profile.district_id:
        return f"district:{profile.district.code}"
    return "city"


def target_template(request, slug: str):
    system = system_get(slug)
    owner = request.GET.get("owner") or _default_owner(request.user, system)
    try:
        period_end = date.fromisoformat(request.GET.get("period_end", ""))
    except ValueError:
        period_end = date.today()
    content = template_xlsx(system=system, owner=owner, period_end=period_end, user=request.user)
    name = owner.replace(":", "-")
    file_name = f"{system.slug}-actuals-{name}-{period_end}.xlsx"
    return download(request, content, file_name=file_name, what=None)


def actuals_export(request, slug: str):
    """The actuals already entered for an owner's targets, in the template's columns (imports back unchanged)."""
    system = system_get(slug)
    owner = request.GET.get("owner") or _default_owner(request.user, system)
    content = observations_xlsx(system=system, owner=owner, user=request.user)
    name = f"{system.slug}-actuals-{owner.replace(':', '-')}.xlsx"
    return download(request, content, file_name=name, what=f"已填实际值 {owner}")


@require_http_methods(["GET", "POST"])
def target_import(request, slug: str):
    system = system_get(slug)
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = ImportResult(file_name="", dry_run=True)
            result.errors.append(RowError(1, "-", "-", "", "请选择要导入的 Excel 文件。", sheet=SHEET))
        elif upload.size > 10 * 1024 * 1024:
            result = ImportResult(file_name=upload.name, dry_run=True)
            result.errors.append(
                RowError(1, "-", "-", upload.name, "文件超过 10 MB。请拆分后分批导入。", sheet=SHEET)
            )
        else:
            result = import_observations(
                system=system,
                user=request.user,
                file_name=upload.name,
                content=upload.read(),
                dry_run=request.POST.get("mode") != "commit",
            )
    context = {
        "system": system,
        "result": result,
        "owners": _owner_choices(system),
        "default_owner": _default_owner(request.user, system),
        "today": date.today(),
    }
    return render(
        request, "targets/target_import.html", context, status=422 if result and not result.ok else 200
    )


def stocktake(request, slug: str):
    """定期评估: choose owner and date; ?format=pdf|xlsx downloads the pack."""
    system = system_get(slug)
    owner = request.GET.get("owner") or _default_owner(request.user, system)
    on = _today(request)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "xlsx"):
        name = f"{system.slug}-stocktake-{owner.replace(':', '-')}-{on}.{fmt}"
        if fmt == "pdf":
            content = stocktake_pdf(system=system, owner=owner, on=on, generated_by=request.user.username)
        else:
            content = stocktake_xlsx(system=system, owner=owner, on=on)
        return download(request, content, file_name=name, what=f"定期评估 {owner} {on} {fmt}")
    data = stocktake_data(system=system, owner=owner, on=on)
    return render(
        request, "targets/stocktake.html", {**data, "owners": [("", "全部责任主体"), *_owner_choices(system)]}
    )


@require_http_methods(["POST"])
def milestone_edit(request, slug: str, code: str):
    system = system_get(slug)
    milestone = milestone_get(system=system, code=code)
    done = request.POST.get("done") == "on"
    try:
        done_date = (
            date.fromisoformat(request.POST.get("done_date", "")) if request.POST.get("done_date") else None
        )
    except ValueError:
        done_date = None
    try:
        milestone_update(
            user=request.user,
            milestone=milestone,
            done=done,
            done_date=done_date,
            evidence=request.POST.get("evidence", ""),
        )
    except ValidationError as exc:
        messages.error(request, f"节点任务「{milestone.name_zh}」未保存：{'；'.join(exc.messages)}")
    else:
        messages.success(request, f"已保存节点任务「{milestone.name_zh}」。")
    code_of = milestone.district.code if milestone.district_id else ""
    return (
        redirect("targets:district_scorecard", slug=system.slug, code=code_of)
        if code_of
        else redirect("targets:target_board", slug=system.slug)
    )
