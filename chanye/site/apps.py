from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: what ties the apps together (chanye init/demo/get/serve/user, the URL and API
    assembly, the benchmarks). Nothing below imports it (docs/architecture.md)."""

    name = "chanye.site"
    label = "site"
    verbose_name = "站点"
