from django.apps import AppConfig


class TargetsConfig(AppConfig):
    name = "chanye.targets"
    verbose_name = "目标"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {20: "chanye.targets.services.targets_init"}
    demo_steps = {40: "chanye.targets.demo.targets_demo_step"}
    demo_clear_steps = {10: "chanye.targets.demo.targets_demo_clear_step"}
    # The board's snapshots, evaluated every night before the working day (chanye/core/worker.py).
    schedules = {"targets-snapshot": ("daily", "00:05", "chanye.targets.tasks.snapshot_task")}

    def ready(self):
        from chanye.core.contributions import contribute

        from . import computations, selectors, snapshots

        computations.connect_signals()
        snapshots.connect_signals()
        # What the targets and milestones cite, on the 来源文献 page.
        contribute("source_citations", selectors.source_citations, order=30)
