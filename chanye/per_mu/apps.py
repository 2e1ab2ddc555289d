from django.apps import AppConfig


class PerMuConfig(AppConfig):
    name = "chanye.per_mu"
    label = "per_mu"
    verbose_name = "亩均效益评价"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {40: "chanye.per_mu.services.rule_sets_init"}
    demo_steps = {60: "chanye.per_mu.demo.per_mu_demo_step"}

    def ready(self):
        from chanye.core.contributions import contribute

        from .selectors import enterprise_page_results

        contribute("enterprise_page", enterprise_page_results)
