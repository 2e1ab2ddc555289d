import json
from functools import lru_cache

from django.conf import settings

from chanye import __version__

NAV_BY_URL_NAME = {
    "overview": "overview",
    "overview_for": "overview",
    "element_detail": "overview",
    "industry_list": "industries",
    "industry_detail": "industries",
    "office_detail": "industries",
    "district_list": "districts",
    "district_detail": "districts",
    "package_matrix": "package",
    "support_item_detail": "package",
    "source_list": "sources",
    "target_board": "targets",
    "target_detail": "targets",
    "district_scorecard": "districts",
}


@lru_cache(maxsize=1)
def vendor_files() -> dict:
    """Front-end bundles are copied with their pinned version in the file name (see Makefile)."""
    package = json.loads((settings.REPO_DIR / "frontend" / "package.json").read_text(encoding="utf-8"))
    deps = package["dependencies"]
    return {
        "vendor_echarts": f"vendor/echarts-{deps['echarts']}.min.js",
        "vendor_htmx": f"vendor/htmx-{deps['htmx.org']}.min.js",
    }


def chanye(request):
    match = getattr(request, "resolver_match", None)
    return {
        "chanye_version": __version__,
        "nav": NAV_BY_URL_NAME.get(match.url_name, "") if match else "",
        **vendor_files(),
    }
