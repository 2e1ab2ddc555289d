from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from chanye.accounts.audit import download
from chanye.accounts.permissions import DENIED_PLACES_IMPORT, can_edit_places
from chanye.core.importing import import_upload, outcome_status, register_xlsx, template_csv, template_xlsx
from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows
from chanye.systems.selectors import system_get

from .charts import park_map_option
from .importing import CARRIERS, LAND
from .models import CARRIER_KINDS, LAND_STATUS, LAND_USES, PARK_KINDS
from .selectors import (
    carrier_list,
    carrier_totals,
    computed_targets,
    kind_counts,
    land_list,
    land_table,
    land_years,
    park_get,
    park_list,
    parks_by_district,
)

REGISTERS = {"land": LAND, "carriers": CARRIERS}
SHOWN = 200  # rows listed on a register page; the totals cover every row


def _templates(name: str, system) -> dict:
    from django.urls import reverse

    return {fmt: reverse(name, args=[system.slug, fmt]) for fmt in ("xlsx", "csv")}


@cached_page
def park_list_view(request, slug: str):
    system = system_get(slug)
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "district")}
    parks = list(park_list(system, **f))
    context = {
        "system": system,
        "nav": "parks",
        "parks": parks,
        "filters": f,
        "kinds": PARK_KINDS,
        "kind_counts": kind_counts(system),
        "districts": system.districts.all(),
        "map": park_map_option(system, parks_by_district(system)),
        "map_url": reverse("districts:geojson", args=[system.city_code]),
        "targets": computed_targets(
            system, ["benchmark_parks_built", "energy_storage_parks_built", "biomed_value_parks_built"]
        ),
        "has_demo": any(p.demo for p in parks),
    }
    return render(request, "places/park_list.html", context)


@cached_page
def park_detail(request, slug: str, key: str):
    system = system_get(slug)
    park = park_get(system, key)
    context = {
        "system": system,
        "nav": "parks",
        "park": park,
        "industries": list(park.industries.all()),
        "land": list(park.land_records.select_related("district")[:SHOWN]),
        "carriers": list(park.carrier_records.select_related("district")[:SHOWN]),
        "firms": list(park.firms.select_related("district").order_by("name")[:SHOWN]),
        "firm_count": park.firms.count(),
        "projects": list(park.projects.select_related("district").order_by("code")[:SHOWN]),
        "per_mu": _park_classes(park),
        "history": history_rows(park.history.all()),
    }
    return render(request, "places/park_detail.html", context)


def _park_classes(park):
    from chanye.per_mu.selectors import park_classes

    return park_classes(park)


def _import(request, system, register):
    return import_upload(
        request,
        register=register,
        system=system,
        allowed=can_edit_places(request.user),
        denied=DENIED_PLACES_IMPORT,
    )


def land_view(request, slug: str):
    system = system_get(slug)
    outcome = _import(request, system, LAND) if request.method == "POST" else None
    f = {k: request.GET.get(k, "").strip() for k in ("district", "use", "status", "year")}
    qs = land_list(system, **f)
    rows, uses = land_table(qs)
    context = {
        "system": system, "nav": "parks", "register": "land", "templates": _templates("places:land_template", system), "outcome": outcome, "filters": f,
        "records": list(qs[:SHOWN]), "count": qs.count(), "table": rows, "uses": uses,
        "use_choices": LAND_USES, "status_choices": LAND_STATUS, "years": land_years(system), "districts": system.districts.all(),
        "targets": computed_targets(system, LAND.computations), "can_edit": can_edit_places(request.user), "shown": SHOWN,
    }  # fmt: skip
    return render(request, "places/land.html", context, status=outcome_status(outcome))


def carriers_view(request, slug: str):
    system = system_get(slug)
    outcome = _import(request, system, CARRIERS) if request.method == "POST" else None
    f = {k: request.GET.get(k, "").strip() for k in ("district", "kind")}
    qs = carrier_list(system, **f)
    context = {
        "system": system, "nav": "parks", "register": "carriers", "templates": _templates("places:carriers_template", system), "outcome": outcome, "filters": f,
        "records": list(qs[:SHOWN]), "count": qs.count(), "totals": carrier_totals(qs), "kind_choices": CARRIER_KINDS,
        "districts": system.districts.all(), "targets": computed_targets(system, CARRIERS.computations),
        "can_edit": can_edit_places(request.user), "shown": SHOWN,
    }  # fmt: skip
    return render(request, "places/carriers.html", context, status=outcome_status(outcome))


def template_download(request, slug: str, register: str, fmt: str):
    system = system_get(slug)
    spec = REGISTERS.get(register)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404("没有这个模板。")
    content = template_csv(spec) if fmt == "csv" else template_xlsx(spec, system)
    return download(request, content, file_name=f"{register}-template.{fmt}", what=None)


def register_export(request, slug: str, register: str):
    """The land or carrier records shown (same filters) in the import's own columns: the file
    imports back unchanged."""
    system = system_get(slug)
    if register == "land":
        f = {k: request.GET.get(k, "").strip() for k in ("district", "use", "status", "year")}
        records = land_list(system, **f)
    else:
        f = {k: request.GET.get(k, "").strip() for k in ("district", "kind")}
        records = carrier_list(system, **f)
    spec = REGISTERS[register]
    content = register_xlsx(spec, system, records.select_related(None))
    return download(request, content, file_name=f"{spec.name}.xlsx", what=f"{spec.name} {system.slug}")
