from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list staff may read but not add to, change or delete from: logs,
    ledgers, and rows only the services write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
