from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "chanye.industries"
    verbose_name = "产业"
