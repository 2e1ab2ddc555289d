from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "chanye.districts"
    verbose_name = "区"

    def ready(self):
        from chanye.core.importing import register_lookup

        from .selectors import district_hint, district_names, district_words

        # Import cells that name a district (every register has the column).
        register_lookup("districts", district_words, district_hint, district_names)
