from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from chanye.accounts.permissions import can_edit_district
from chanye.core.contributions import collect
from chanye.core.pagecache import cached_page
from chanye.core.selectors import history_rows
from chanye.systems.selectors import sources_by_key, system_get

from .charts import district_map_context
from .forms import DistrictForm
from .models import District, DistrictFact, DistrictPriority, DistrictSystem
from .selectors import district_get, district_layout, district_list
from .services import district_update

GEO_DIR = Path(settings.REPO_DIR) / "data" / "geo"


def district_list_view(request, slug: str):
    system = system_get(slug)
    return render(
        request,
        "districts/district_list.html",
        {"system": system, "districts": district_list(system=system), **district_map_context(system)},
    )


@cached_page
@require_http_methods(["GET", "POST"])
def district_detail(request, slug: str, code: str):
    system = system_get(slug)
    district = district_get(system=system, code=code)
    form = DistrictForm(instance=district)
    if request.method == "POST":
        form = DistrictForm(request.POST, instance=District.objects.get(pk=district.pk))
        if form.is_valid():
            district_update(
                user=request.user,
                district=district,
                data={f: form.cleaned_data[f] for f in District.EDITABLE_FIELDS},
            )
            return redirect(district.get_absolute_url())
    sources = sources_by_key(system)
    return render(
        request,
        "districts/district_detail.html",
        {
            "system": system,
            "district": district,
            "sources": sources,
            "area_sources": [sources[k] for k in district.area_source_ids if k in sources],
            "can_edit": can_edit_district(request.user, district),
            "form": form,
            "history": history_rows(
                district.history.all(),
                DistrictPriority.history.filter(district_id=district.pk),
                DistrictSystem.history.filter(district_id=district.pk),
                DistrictFact.history.filter(district_id=district.pk),
            ),
            **district_map_context(system, selected_code=district.code),
            "layout": district_layout(system=system, district=district),
            # The district's firms and its industries by number of firms (enterprises app).
            **collect("district_page", system=system, district=district),
        },
    )


def geojson(request, city_code: str):
    """District boundaries shipped in data/geo (see data/geo/README.md for source and licence)."""
    if not city_code.isdigit() or len(city_code) != 6:
        raise Http404("地图代码应为 6 位数字。")
    path = GEO_DIR / f"{city_code}.geojson"
    if not path.exists():
        raise Http404(f"没有城市 {city_code} 的地图文件。")
    response = FileResponse(path.open("rb"), content_type="application/geo+json")
    response["Cache-Control"] = "private, max-age=86400"
    return response
