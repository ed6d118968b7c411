from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from websesam.admin_input import DateHierarchyAdmin, SafeAutocompleteAdmin
from websesam.readonly_admin import ReadOnlyAdmin

from . import services
from .forms import AdminLoginForm, UserCreationForm
from .models import AccessLog, Authorisation, Customer, Payer, User

# The admin's login page validates the username's length like ours.
admin.site.login_form = AdminLoginForm


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    list_display = ["betalarid", "name"]
    search_fields = ["betalarid", "name"]


@admin.register(Customer)
class CustomerAdmin(SafeAutocompleteAdmin, admin.ModelAdmin):
    list_display = ["kundid", "name", "kind", "city", "default_payer"]
    list_filter = ["kind", "city"]
    list_select_related = ["default_payer"]
    search_fields = ["kundid", "name", "city", "default_payer__betalarid"]
    autocomplete_fields = ["default_payer"]


class AuthorisationInline(SafeAutocompleteAdmin, admin.TabularInline):
    model = Authorisation
    extra = 1
    autocomplete_fields = ["customer"]
    verbose_name = _("får beställa för kund")
    verbose_name_plural = _("får beställa för kunder")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
    )
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Lösenord"), {"fields": ("must_change_password",)}),
    )
    inlines = [AuthorisationInline]
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "is_staff",
        "last_login",
    ]
    list_filter = [
        "is_active",
        "is_staff",
        "authorisations__customer__kind",
        "must_change_password",
    ]
    search_fields = [
        "username",
        "first_name",
        "last_name",
        "email",
        "authorisations__customer__kundid",
    ]
    actions = ["send_activation", "deactivate"]

    def save_model(self, request, obj, form, change):
        if not change:
            services.save_new_account(obj)
            messages.info(
                request,
                _("En aktiveringslänk skickas till %(email)s.") % {"email": obj.email},
            )
            return
        super().save_model(request, obj, form, change)
        if "is_active" in form.changed_data and not obj.is_active:
            services.end_sessions([obj])

    @admin.action(description=_("Skicka ny aktiveringslänk"))
    def send_activation(self, request, queryset):
        for user in queryset:
            services.send_activation_email(user)
        self.message_user(
            request,
            ngettext(
                "%d aktiveringslänk skickad.",
                "%d aktiveringslänkar skickade.",
                len(queryset),
            )
            % len(queryset),
        )

    @admin.action(description=_("Inaktivera och logga ut"))
    def deactivate(self, request, queryset):
        count = services.deactivate_users(queryset)
        self.message_user(
            request,
            ngettext("%d användare inaktiverad.", "%d användare inaktiverade.", count)
            % count,
        )


def access_log_url(person):
    """The admin list of one person's access log, for links from the person's page."""
    query = urlencode(
        {
            "person_type__id__exact": ContentType.objects.get_for_model(person).pk,
            "person_id": person.pk,
        }
    )
    return reverse("admin:accounts_accesslog_changelist") + "?" + query


@admin.register(AccessLog)
class AccessLogAdmin(DateHierarchyAdmin, ReadOnlyAdmin):
    list_display = [
        "at",
        "user",
        "customer",
        "action",
        "person_type",
        "person_id",
        "object_repr",
        "path",
    ]
    # Every person logged is a Person: a filter by type would only list
    # every model there is.
    list_filter = ["action", "at"]
    list_select_related = ["user", "customer", "person_type"]
    search_fields = ["=person_id", "user__username", "user__last_name"]
    date_hierarchy = "at"
