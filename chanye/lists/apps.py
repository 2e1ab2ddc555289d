from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "chanye.lists"
    verbose_name = "三张清单"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    demo_steps = {30: "chanye.lists.demo.lists_demo_step"}
    demo_clear_steps = {40: "chanye.lists.demo.lists_demo_clear_step"}

    def ready(self):
        from chanye.core.contributions import contribute

        from .selectors import district_layout_figures, package_item_states

        # The three list cells of every industry's 3+5+3+1 package are derived from the lists.
        contribute("package_item_states", package_item_states)
        # A district's layout industries: their 招商 leads (district page and scorecard).
        contribute("district_layout", district_layout_figures, order=30)
