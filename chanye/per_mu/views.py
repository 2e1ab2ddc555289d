from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from chanye.accounts.audit import download
from chanye.accounts.permissions import DENIED_PER_MU, can_evaluate_per_mu
from chanye.analytics.per_mu import CLASS_LABELS
from chanye.core.pagecache import cached_page
from chanye.systems.selectors import system_get

from .charts import class_bars
from .selectors import (
    changes,
    class_table,
    flip_groups,
    indicator_heads,
    latest_run,
    method_notice,
    previous_run,
    result_get,
    result_items,
    result_list,
    rule_notes,
    rule_sets_of,
    run_get,
    run_rules,
    runs_of,
    totals,
)
from .services import per_mu_evaluate


def _years(system) -> list[int]:
    from chanye.enterprises.models import EnterpriseFigure

    return list(
        EnterpriseFigure.objects.filter(enterprise__system=system, quarter=0)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def home(request, slug: str):
    system = system_get(slug)
    run = latest_run(system)
    if run is not None:
        return redirect(run.get_absolute_url())
    rule_sets = rule_sets_of(system)
    default = rule_sets.filter(is_default=True).first() or rule_sets.first()
    context = {
        "system": system,
        "nav": "per_mu",
        "rule_sets": rule_sets,
        "years": _years(system),
        "can_evaluate": can_evaluate_per_mu(request.user),
        "notice": method_notice(default, system) if default else "",
    }
    return render(request, "per_mu/empty.html", context)


def _shared(system, run) -> dict:
    """What every page of one run shows: the notice on its method and the published precision."""
    rules = run_rules(run)
    return {
        "system": system,
        "nav": "per_mu",
        "run": run,
        "notice": method_notice(run, system),
        "notes": rule_notes(rules),
        "decimals": rules.score_decimals if rules else 2,
        "class_labels": CLASS_LABELS,
    }


@require_POST
def evaluate(request, slug: str):
    system = system_get(slug)
    if not can_evaluate_per_mu(request.user):  # asked before the form is read
        raise PermissionDenied(DENIED_PER_MU)
    rule_set = rule_sets_of(system).filter(key=request.POST.get("rule_set", "")).first()
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if rule_set is None or year is None:
        messages.error(request, "请选择规则集和评价年度。")
        return redirect("per_mu:home", slug)
    try:
        run = per_mu_evaluate(rule_set=rule_set, year=year, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("per_mu:home", slug)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("per_mu:home", slug)
    messages.success(
        request,
        f"{year} 年「{rule_set.name}」评价完成：参评 {run.rated} 家，不参评 {run.excluded} 家，缺数据 {run.missing} 家。",
    )
    return redirect(run.get_absolute_url())


@cached_page
def run_view(request, slug: str, pk: int):
    system = system_get(slug)
    run = run_get(system=system, pk=pk)
    by_district = class_table(run, "district")
    by_industry = class_table(run, "industry")
    by_park = class_table(run, "park")
    run_url = run.get_absolute_url()
    context = _shared(system, run) | {
        "runs": runs_of(system),
        "previous": previous_run(run),
        "totals": totals(run),
        "by_district": by_district,
        "by_industry": by_industry,
        "by_park": by_park,
        "district_chart": class_bars(by_district, run_url=run_url, by="district"),
        "changes": changes(run),
        "heads": indicator_heads(run),
        "top": result_list(run, page=1).rows[:10],
        "rule_sets": rule_sets_of(system),
        "years": _years(system),
        "can_evaluate": can_evaluate_per_mu(request.user),
    }
    return render(request, "per_mu/run.html", context)


def _page(request) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


@cached_page
def results_view(request, slug: str, pk: int):
    system = system_get(slug)
    run = run_get(system=system, pk=pk)
    klass = request.GET.get("klass")
    if klass == "missing":
        klass = ""
    elif klass not in ("A", "B", "C", "D", "T"):
        klass = None
    f = {k: request.GET.get(k, "").strip() for k in ("district", "industry", "change")}
    page = result_list(run, klass=klass, page=_page(request), **f)
    query = request.GET.copy()
    query.pop("page", None)
    context = _shared(system, run) | {
        "page": page,
        "heads": indicator_heads(run),
        "klass": klass,
        "filters": f,
        "districts": system.districts.all(),
        "industries": system.industries.all(),
        "query": query.urlencode(),
    }
    return render(request, "per_mu/results.html", context)


@cached_page
def result_view(request, slug: str, pk: int, enterprise_id: int):
    """One firm's evaluation in one run: class, score and items, why not rated, and what would move
    it a class (its flips), so the firm can see what to improve."""
    system = system_get(slug)
    run = run_get(system=system, pk=pk)
    result = result_get(run, enterprise_id)
    context = _shared(system, run) | {
        "result": result,
        "items": result_items(run, result),
        "groups": flip_groups(result),
    }
    return render(request, "per_mu/result.html", context)


def results_export(request, slug: str, pk: int):
    from .exports import results_xlsx

    system = system_get(slug)
    run = run_get(system=system, pk=pk)
    name = f"亩均评价-{run.year}-{run.rule_set.key}{'-演示数据' if run.demo_firms else ''}.xlsx"
    return download(
        request, results_xlsx(run), file_name=name, what=f"亩均评价 {run.year} 年「{run.rule_set.name}」"
    )
