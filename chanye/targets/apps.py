from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "chanye.targets"
    verbose_name = "目标"
