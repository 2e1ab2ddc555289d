from django.apps import AppConfig


class PipelinesConfig(AppConfig):
    name = "chanye.pipelines"
    verbose_name = "三张清单"
