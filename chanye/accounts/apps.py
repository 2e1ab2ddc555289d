from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chanye.accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from . import signals  # noqa: F401  (security log receivers)
