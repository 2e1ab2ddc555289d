from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    name = "chanye.industries"
    verbose_name = "产业"

    def ready(self):
        from chanye.core.contributions import contribute
        from chanye.core.importing import register_lookup

        from . import exports, selectors, services

        # The overview's counters, the 21+8 by group, and what is not yet confirmed.
        contribute("system_counts", selectors.industry_counts)
        contribute("system_page", selectors.overview_industries)
        contribute("system_uncertain", selectors.uncertain_industries)
        # What the offices and industries cite, on the 来源文献 page.
        contribute("source_citations", selectors.source_citations, order=10)
        # Import cells that name an industry, an office or a chain segment.
        register_lookup(
            "industries",
            selectors.industry_words,
            "不是本体系的产业：请填产业名称（如 智能网联与新能源汽车）。",
            selectors.industry_names,
        )
        register_lookup("offices", selectors.office_words, "不是本体系的产业发展办公室：请填其名称，或留空。")
        register_lookup(
            "segments",
            selectors.segment_words,
            "不是这一行所填产业的产业链环节：请填该产业的环节名称（见产业链图谱），或留空。",
        )
        # Not a column: which office owns each industry (an office editor's import rows).
        register_lookup("industry_offices", selectors.industry_offices, "")
        # Their part of the system definition file, loaded and exported (before the districts).
        contribute("definition_load", services.definition_load, order=10)
        contribute("definition_export", exports.definition_export, order=10)
