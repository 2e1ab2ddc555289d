"""Set-up and demo steps that each app declares on its AppConfig; the top floor walks them.

An app says what `chanye init` and `chanye demo` must do for it, in its own `apps.py`:

    class TargetsConfig(AppConfig):
        init_steps = {20: "chanye.targets.services.targets_init"}
        demo_steps = {40: "chanye.targets.demo.targets_demo"}
        demo_clear_steps = {10: "chanye.targets.demo.targets_demo_clear"}

so adding an app never edits core or the commands. The numbers order the steps across apps
(the system before its targets, demo records before the actuals computed from them).

- init step:        step(*, user) -> list[str]                    lines to print
- demo step:        step(*, system, user, today, enterprises, done) -> list[str]
- demo clear step:  step(*, system, user) -> list[str]

`done` is a dict the demo steps of one run share (e.g. how many demo firms were added, which
tells the 亩均 step whether to evaluate again). A step that cannot go on raises StepError with a
message that says how to fix it; nothing of that step is written.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string

INIT = "init_steps"
DEMO = "demo_steps"
DEMO_CLEAR = "demo_clear_steps"


class StepError(Exception):
    """A step cannot go on; the message says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Step:
    order: int
    app: str
    path: str

    @property
    def run(self) -> Callable:
        return import_string(self.path)


def declared(kind: str) -> list[Step]:
    """Every app's steps of this kind, in order (ties keep the app order of INSTALLED_APPS)."""
    found = [
        Step(order, config.label, path)
        for config in apps.get_app_configs()
        for order, path in getattr(config, kind, {}).items()
    ]
    return sorted(found, key=lambda s: s.order)
