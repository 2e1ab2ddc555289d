from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import District, DistrictFact, DistrictPriority, DistrictSystem


@admin.register(District)
class DistrictAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "code", "area_km2", "system"]


@admin.register(DistrictPriority)
class DistrictPriorityAdmin(SimpleHistoryAdmin):
    list_display = ["district", "industry", "role_zh"]


@admin.register(DistrictSystem)
class DistrictSystemAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "district", "confidence"]


@admin.register(DistrictFact)
class DistrictFactAdmin(SimpleHistoryAdmin):
    list_display = ["district", "name_zh", "value", "unit", "year"]
