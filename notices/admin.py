from django.contrib import admin

from core.admin_input import DateHierarchyAdmin

from .models import Message, News, PendingMail


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


@admin.register(PendingMail)
class PendingMailAdmin(admin.ModelAdmin):
    """What was mailed, and what waits for send_pending_mail: read only,
    the mails are written by notify()."""

    list_display = ["subject", "to", "created_at", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["to", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
