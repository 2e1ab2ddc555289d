"""Parks on the district map: each district shaded by its number of parks; click for its list."""

from django.urls import reverse

from chanye.systems.charts import district_map_option


def park_map_option(system, counts: dict[int, int]) -> dict:
    districts = list(system.districts.all())
    option = district_map_option(map_name=system.city_code, districts=districts, counts=counts)
    base = reverse("places:park_list", args=[system.slug])
    for item in option["series"][0]["data"]:
        item["url"] = f"{base}?district={item['code']}"
    option["tooltip"]["formatter"] = "{b}<br/>园区、平台、片区 {c} 个<br/>点击查看"
    return option
