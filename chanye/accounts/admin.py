from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Profile, SecurityEvent


@admin.register(Profile)
class ProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "district", "display_name"]
    list_filter = ["role"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the security log is append-only."""

    list_display = ["at", "kind", "username", "ip_address", "detail"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
