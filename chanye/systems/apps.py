from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "chanye.systems"
    verbose_name = "产业体系"
