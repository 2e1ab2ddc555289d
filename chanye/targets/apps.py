from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "chanye.targets"
    verbose_name = "目标"

    def ready(self):
        from . import computations, snapshots

        computations.connect_signals()
        snapshots.connect_signals()
