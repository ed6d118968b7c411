"""Customer service's side: the applications, and Skapa konto for those the
unit manager approved (through the service, one action)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_input import DateHierarchyAdmin
from core.readonly_admin import ReadOnlyAdmin

from . import services
from .models import AccessRequest


@admin.register(AccessRequest)
class AccessRequestAdmin(DateHierarchyAdmin, ReadOnlyAdmin):
    list_display = [
        "__str__",
        "title",
        "customer_list",
        "manager_email",
        "status",
        "created_at",
        "decided_at",
    ]
    list_filter = ["status"]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "manager_email",
        "hsa_id",
        "requested_customers__customer__kundid",
        "requested_customers__customer__name",
    ]
    date_hierarchy = "created_at"
    fields = [
        "status",
        "first_name",
        "last_name",
        "title",
        "email",
        "phone",
        "hsa_id",
        "customer_list",
        "manager_email",
        "created_at",
        "created_ip",
        "link_expires_at",
        "decided_at",
        "decided_ip",
        "decision_note",
        "user",
        "account_created_at",
        "account_created_by",
    ]
    actions = ["create_accounts"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("customers")
            .select_related("user", "account_created_by")
        )

    @admin.display(description=_("kunder"))
    def customer_list(self, obj):
        return ", ".join(str(customer) for customer in obj.customers.all())

    def has_create_account_permission(self, request):
        return request.user.has_perm("accounts.add_user")

    @admin.action(
        description=_("Skapa konto och skicka aktiveringslänk"),
        permissions=["create_account"],
    )
    def create_accounts(self, request, queryset):
        created = 0
        for access_request in queryset:
            try:
                services.create_account(access_request, user=request.user)
            except services.AccountRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                created += 1
        if created:
            self.message_user(
                request,
                ngettext(
                    "%d konto skapat; aktiveringslänken skickas med e-post.",
                    "%d konton skapade; aktiveringslänkarna skickas med e-post.",
                    created,
                )
                % created,
                messages.SUCCESS,
            )
