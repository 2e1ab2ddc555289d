from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "chanye.enterprises"
    verbose_name = "企业"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {30: "chanye.enterprises.services.named_enterprises_init"}
    demo_steps = {50: "chanye.enterprises.demo.enterprises_demo_step"}
    demo_clear_steps = {20: "chanye.enterprises.demo.enterprises_demo_clear_step"}

    def ready(self):
        from chanye.core.contributions import contribute
        from chanye.core.importing import register_lookup
        from chanye.systems.signals import system_changed

        from . import selectors, tasks
        from .concordance import forget_compiled

        # The enterprise figures on the overview, industry and district pages.
        contribute("system_page", selectors.system_page_figures)
        contribute("industry_page", selectors.industry_page_figures)
        contribute("district_page", selectors.district_page_figures)
        contribute("district_layout", selectors.district_layout_figures, order=10)
        register_lookup(
            "firms", selectors.firm_words, "企业登记中没有这个统一社会信用代码：请先导入企业，或留空。"
        )
        # A killed worker's import: its batch is marked failed and its files removed.
        contribute("task_abandoned", tasks.import_abandoned)
        # The compiled concordance holds the system's industry and segment names.
        system_changed.connect(forget_compiled, dispatch_uid="concordance-system-changed")
