from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Element, PackageItem, Source, System


@admin.register(System)
class SystemAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_zh", "city_name_zh", "as_of"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["key", "publisher", "title", "kind", "date", "system"]
    list_filter = ["system", "kind"]
    search_fields = ["key", "publisher", "author", "title", "doc_no"]


@admin.register(Element)
class ElementAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "kind", "confidence", "system"]
    list_filter = ["system", "kind", "confidence"]


@admin.register(PackageItem)
class PackageItemAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "category_name_zh", "order", "system"]
    list_filter = ["system"]
