from django.conf import settings

from chanye import __version__


def chanye(request):
    return {
        "chanye_version": __version__,
        "vendor_echarts": "vendor/echarts-6.1.0.min.js",
        "vendor_htmx": "vendor/htmx-2.0.11.min.js",
        "debug": settings.DEBUG,
    }
