from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "chanye.systems"
    verbose_name = "产业体系"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {10: "chanye.systems.services.system_init"}
