from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "chanye.enterprises"
    verbose_name = "企业"

    def ready(self):
        from chanye.systems.signals import system_changed

        from .concordance import forget_compiled

        # The compiled concordance holds the system's industry and segment names.
        system_changed.connect(forget_compiled, dispatch_uid="concordance-system-changed")
