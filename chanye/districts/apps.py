from django.apps import AppConfig


class DistrictsConfig(AppConfig):
    name = "chanye.districts"
    verbose_name = "区"

    def ready(self):
        from chanye.core.contributions import contribute
        from chanye.core.importing import register_lookup

        from . import exports, selectors, services

        # The overview's district counter and city map; the districts on an industry's page.
        contribute("system_counts", selectors.district_counts)
        contribute("system_page", selectors.overview_map)
        contribute("industry_page", selectors.industry_priorities)
        # What the districts' areas, priorities, named systems and facts cite, on the 来源文献 page.
        contribute("source_citations", selectors.source_citations, order=20)
        # Import cells that name a district (every register has the column).
        register_lookup(
            "districts", selectors.district_words, selectors.district_hint, selectors.district_names
        )
        # Their part of the system definition file (after the industries they lay out).
        contribute("definition_load", services.definition_load, order=20)
        contribute("definition_export", exports.definition_export, order=20)
