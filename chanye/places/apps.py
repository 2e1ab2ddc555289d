from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "chanye.places"
    verbose_name = "园区、载体与用地"

    def ready(self):
        from chanye.targets import computations as registry

        from . import computations  # noqa: F401 - registers the land, carrier and park computations

        registry.connect_signals()  # again, now that these are registered (dispatch_uid keeps it once)
