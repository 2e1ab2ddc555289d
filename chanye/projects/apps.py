from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "chanye.projects"
    verbose_name = "项目"

    def ready(self):
        from chanye.targets import computations as registry

        from . import computations  # noqa: F401 - registers the project computations

        registry.connect_signals()
