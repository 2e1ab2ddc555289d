from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "chanye.enterprises"
    verbose_name = "企业"
    # What `chanye init` and `chanye demo` do for this app, in order across apps (chanye/core/steps.py).
    init_steps = {30: "chanye.enterprises.services.named_enterprises_init"}
    demo_steps = {50: "chanye.enterprises.demo.enterprises_demo_step"}
    demo_clear_steps = {20: "chanye.enterprises.demo.enterprises_demo_clear_step"}

    def ready(self):
        from chanye.core.importing import register_lookup

        from .selectors import firm_words

        register_lookup("firms", firm_words, "企业登记中没有这个统一社会信用代码：请先导入企业，或留空。")
        from chanye.systems.signals import system_changed

        from .concordance import forget_compiled

        # The compiled concordance holds the system's industry and segment names.
        system_changed.connect(forget_compiled, dispatch_uid="concordance-system-changed")
