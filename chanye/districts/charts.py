"""The city map of districts (ECharts), shared by the overview, district and park pages."""

from django.urls import reverse

from chanye.systems.charts import district_map_option

from .models import DistrictPriority


def district_map_context(system, selected_code: str = "") -> dict:
    """The map option (districts shaded by their number of priority industries) and its GeoJSON URL."""
    counts: dict[int, int] = {}
    for district_id in DistrictPriority.objects.filter(district__system=system).values_list(
        "district_id", flat=True
    ):
        counts[district_id] = counts.get(district_id, 0) + 1
    return {
        "map_option": district_map_option(
            map_name=system.city_code,
            districts=list(system.districts.all()),
            counts=counts,
            selected_code=selected_code,
        ),
        "map_url": reverse("districts:geojson", args=[system.city_code]),
    }
