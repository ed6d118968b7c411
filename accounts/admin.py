from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_input import DateHierarchyAdmin, SafeAutocompleteAdmin
from core.logging import PERSONNUMMER
from core.readonly_admin import ReadOnlyAdmin

from . import services
from .access import access_context
from .choices import AccessAction
from .forms import AdminLoginForm, UserCreationForm
from .models import (
    AccessLog,
    Authorisation,
    Customer,
    Payer,
    PayerAuthorisation,
    User,
)

# The admin's login page validates the username's length like ours.
admin.site.login_form = AdminLoginForm


@admin.register(Payer)
class PayerAdmin(admin.ModelAdmin):
    list_display = ["betalarid", "name", "org_number", "peppol_id"]
    search_fields = ["betalarid", "name", "org_number"]
    fields = ["betalarid", "name", "org_number", "peppol_id"]


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


class PayerAuthorisationInline(SafeAutocompleteAdmin, admin.TabularInline):
    model = PayerAuthorisation
    extra = 1
    autocomplete_fields = ["payer"]
    verbose_name = _("får se fakturor för betalare")
    verbose_name_plural = _("får se fakturor för betalare")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    add_fieldsets = (
        (None, {"fields": ("username", "first_name", "last_name", "email")}),
    )
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Lösenord"), {"fields": ("must_change_password",)}),
        (
            _("Kontaktuppgifter"),
            {"fields": ("title", "work_phone", "mobile", "pending_email", "hsa_id")},
        ),
    )
    # The user confirms a new address by the mailed link (Dina uppgifter).
    readonly_fields = ["pending_email"]
    inlines = [AuthorisationInline, PayerAuthorisationInline]
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
        "payer_authorisations__payer__betalarid",
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

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # A password set by staff ends the user's sessions too (staff
            # changing their own keep this one, as on the password page).
            services.end_other_sessions(
                self.get_object(request, unquote(id)), request.session.session_key
            )
        return response

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


class PersonsShownAdmin(admin.ModelAdmin):
    """An admin whose list and forms show persons' data: both log the
    persons that `persons_shown(objects)` finds on them, in what
    log_access takes (persons or (person, customer) pairs)."""

    def persons_shown(self, objects):
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._log(request, changelist.result_list)
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        response = super().changeform_view(request, object_id, form_url, extra_context)
        shown = getattr(response, "context_data", {}).get("original")
        if shown is not None:
            self._log(request, [shown], obj=shown)
        return response

    def _log(self, request, objects, obj=None):
        services.log_access(
            access_context(request), self.persons_shown(objects), AccessAction.VIEW, obj
        )


@admin.register(AccessLog)
class AccessLogAdmin(PersonsShownAdmin, DateHierarchyAdmin, ReadOnlyAdmin):
    list_display = [
        "at",
        "user",
        "role",
        "customer",
        "action",
        "person_type",
        "shown_person",
        "object_repr",
        "path",
    ]
    # Every person logged is a Person: a filter by type would only list
    # every model there is.
    list_filter = ["action", "at"]
    list_select_related = ["user", "customer", "person_type"]
    # A person's accesses come from the extract, where the personnummer is
    # posted: typed here, it would be put in the address.
    search_fields = ["user__username", "user__last_name"]
    search_help_text = _(
        "Användarnamn eller efternamn. En patients åtkomster tas fram med "
        "Loggutdrag för en patient."
    )
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("person")

    @admin.display(description=_("person"))
    def shown_person(self, entry):
        return entry.person or entry.person_id

    def changelist_view(self, request, extra_context=None):
        if PERSONNUMMER.search(request.GET.get(SEARCH_VAR, "")):
            messages.warning(
                request,
                _(
                    "Sök inte på personnummer i åtkomstloggen: det hamnar i "
                    "adressen. Ange det här i stället."
                ),
            )
            return redirect("admin_access_extract")
        return super().changelist_view(request, extra_context)

    def persons_shown(self, entries):
        # The log names the persons whose data was reached: reading it is an
        # access to them too (Patientdatalagen).
        return {entry.person for entry in entries if entry.person is not None}
