from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "chanye.projects"
    verbose_name = "项目"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {60: "chanye.projects.services.named_projects_init"}
    demo_steps = {20: "chanye.projects.demo.projects_demo_step"}
    demo_clear_steps = {50: "chanye.projects.demo.projects_demo_clear_step"}

    def ready(self):
        from chanye.core.contributions import contribute
        from chanye.targets import computations as registry

        from . import computations  # noqa: F401 - registers the project computations
        from .selectors import district_layout_figures

        registry.connect_signals()
        # A district's layout industries: their projects (district page and scorecard).
        contribute("district_layout", district_layout_figures, order=20)
