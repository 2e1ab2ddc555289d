from django.apps import AppConfig


class PerMuConfig(AppConfig):
    name = "chanye.per_mu"
    label = "per_mu"
    verbose_name = "亩均效益评价"
