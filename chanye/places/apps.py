from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "chanye.places"
    verbose_name = "园区、载体与用地"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {50: "chanye.places.services.places_init"}
    demo_steps = {10: "chanye.places.demo.places_demo_step", 55: "chanye.places.demo.park_firms_demo_step"}
    demo_clear_steps = {30: "chanye.places.demo.places_demo_clear_step"}

    def ready(self):
        from chanye.core.contributions import contribute
        from chanye.core.importing import register_lookup
        from chanye.targets import computations as registry

        from . import computations  # noqa: F401 - registers the land, carrier and park computations
        from .selectors import district_layout_facts, park_words

        registry.connect_signals()  # again, now that these are registered (dispatch_uid keeps it once)
        register_lookup("parks", park_words, "不是已登记的园区：请填园区名称或标识，或留空。")
        # A district's land and carrier records (district page and scorecard).
        contribute("district_layout", district_layout_facts, order=40)
