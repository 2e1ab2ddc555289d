from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ChainSegment, Industry, IndustryGroup, Office, SubIndustry, SupportItem


@admin.register(IndustryGroup)
class IndustryGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "family_zh", "expected_count", "system"]


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "slug", "group", "office", "status", "confidence"]
    list_filter = ["system", "group", "status", "confidence"]
    search_fields = ["name_zh", "slug"]


@admin.register(SubIndustry)
class SubIndustryAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "industry"]


@admin.register(ChainSegment)
class ChainSegmentAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "industry", "stage", "order"]
    list_filter = ["stage", "industry__system"]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "key", "confidence", "system"]


@admin.register(SupportItem)
class SupportItemAdmin(SimpleHistoryAdmin):
    list_display = ["industry", "item", "status", "owner_zh", "due_date"]
    list_filter = ["status", "item"]
