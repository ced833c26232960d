"""Administration of partnerships, agencies and users (superusers only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from cspkit.web.accounts.models import Agency, Partnership, User


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("name", "area_code", "host")
    search_fields = ("name", "area_code")


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind")
    list_filter = ("kind", "partnerships")
    search_fields = ("name", "short_name")


@admin.register(User)
class CspkitUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "role", "agency", "is_active")
    list_filter = ("role", "agency", "partnerships", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Partnership", {"fields": ["role", "agency", "partnerships"]}))
