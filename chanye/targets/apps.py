from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "chanye.targets"
    verbose_name = "目标"

    def ready(self):
        from .computations import connect_signals

        connect_signals()
