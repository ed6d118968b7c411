from django.contrib import admin

from core.admin_input import DateHierarchyAdmin

from .models import Message, News


@admin.register(News)
class NewsAdmin(DateHierarchyAdmin, admin.ModelAdmin):
    list_display = ["title", "valid_from", "valid_until"]
    search_fields = ["title", "body"]
    date_hierarchy = "valid_from"


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "read_at"]
    list_filter = ["read_at", "created_at"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username", "recipient__last_name"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["about_type", "about_id", "read_at"]
