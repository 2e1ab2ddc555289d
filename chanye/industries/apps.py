from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "chanye.industries"
    verbose_name = "产业"

    def ready(self):
        from chanye.core.importing import register_lookup

        from . import selectors

        register_lookup("industries", selectors.industry_words, "不是本体系的产业：请填产业名称（如 智能网联与新能源汽车）。", selectors.industry_names)
        register_lookup("offices", selectors.office_words, "不是本体系的产业发展办公室：请填其名称，或留空。")
        register_lookup("segments", selectors.segment_words, "不是本体系的产业链环节：请填环节名称（见产业链图谱），或留空。")
