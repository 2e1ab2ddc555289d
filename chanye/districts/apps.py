from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "chanye.districts"
    verbose_name = "区"
