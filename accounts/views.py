from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from core.locale_middleware import set_language_cookie

from . import oidc, services
from .forms import (
    LanguageForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # With PASSWORD_LOGIN off the form is for staff only: shown when
        # they ask for it ("Personal"), or again with its errors.
        context["oidc_enabled"] = oidc.enabled()
        context["password_login"] = settings.PASSWORD_LOGIN
        context["show_password_form"] = (
            settings.PASSWORD_LOGIN
            or not context["oidc_enabled"]
            or "personal" in self.request.GET
            or context["form"].is_bound
        )
        return context


class LogoutView(auth_views.LogoutView):
    """Logout, which also ends the provider's session after a login
    through it (accounts.oidc.provider_logout_url)."""

    def post(self, request, *args, **kwargs):
        after = oidc.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return HttpResponseRedirect(after)
        return response


class ProviderLoginView(OIDCAuthenticationRequestView):
    """To the provider's authorization endpoint ("Logga in med SITHS")."""

    def __init__(self, **kwargs):
        # The base reads the endpoint from the settings here; it may come
        # from discovery, read in get().
        View.__init__(self, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.endpoints()["authorization_endpoint"]
        except oidc.ProviderUnavailable as error:
            oidc.logger.warning("oidc login unavailable: %s", error)
            messages.error(
                request,
                _(
                    "Inloggning med SITHS fungerar inte just nu. Försök igen om en "
                    "stund."
                ),
            )
            return redirect("login")
        return super().get(request)


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; logs the user in through
    accounts.oidc.ProviderBackend, which explains a refusal."""

    @property
    def failure_url(self):
        return settings.LOGIN_URL

    def get(self, request):
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state this session did not start: an old or replayed answer.
            return self.login_failure()

    def login_success(self):
        id_token = self.request.oidc_id_token
        response = super().login_success()
        self.request.session[oidc.ID_TOKEN] = id_token
        return response

    def login_failure(self):
        refusal = getattr(self.request, "oidc_refusal", None)
        if refusal is None:
            refusal = (
                gettext("Inloggningen med SITHS avbröts.")
                if self.request.GET.get("error")
                else oidc.token_refused_message()
            )
        messages.error(self.request, refusal)
        return redirect(self.failure_url)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("start")

    def form_valid(self, form):
        # Django keeps this session (update_session_auth_hash); the others end.
        response = super().form_valid(form)
        services.end_other_sessions(form.user, self.request.session.session_key)
        messages.success(
            self.request,
            _(
                "Ditt nya lösenord är sparat. Du är utloggad på andra datorer "
                "och i andra webbläsare."
            ),
        )
        return response


class LogoutEverywhereView(View):
    """End all the user's sessions, this one too (a forgotten login at
    another computer, a lost phone)."""

    http_method_names = ["post"]

    def post(self, request):
        after = oidc.provider_logout_url(request)
        services.end_sessions([request.user])
        logout(request)
        messages.success(
            request,
            _(
                "Du är utloggad överallt: på alla datorer och i alla webbläsare "
                "där du var inloggad i webSesam."
            ),
        )
        return redirect(after)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("login")
    success_message = _("Ditt lösenord är sparat. Logga in med det.")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.end_sessions([form.user])
        services.lift_login_lock(form.user)
        messages.success(self.request, self.success_message)
        return response


class ActivateView(PasswordResetConfirmView):
    template_name = "registration/activate.html"
    success_message = _("Ditt konto är aktiverat. Logga in med ditt nya lösenord.")


@require_POST
def email_change_resend(request):
    email = services.resend_email_change_confirmation(request.user)
    if email:
        messages.info(
            request,
            _("Vi har skickat en ny länk till %(email)s.") % {"email": email},
        )
    return redirect("my_details")


def email_change_confirm(request, token):
    """The link mailed to a new address. Only the user who asked for the
    change can confirm it (the login middleware asks others to log in)."""
    try:
        email = services.confirm_email_change(request.user, token)
    except services.EmailChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if email:
            messages.success(
                request, _("Din e-postadress är nu %(email)s.") % {"email": email}
            )
        else:
            messages.info(request, _("Din e-postadress är redan bekräftad."))
    return redirect("my_details")


@login_not_required
@require_POST
def set_language(request):
    """The header's language switch: remembered for a logged-in user on
    their account (every later session, mails and PDFs to them), for a
    visitor in the language cookie. Back to the page it was used on."""
    next_url = request.POST.get("next") or ""
    # A path on this site only: never elsewhere, never a view name.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("start")
    response = HttpResponseRedirect(next_url)
    form = LanguageForm(request.POST)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_language(request.user, language)
        set_language_cookie(response, language)
    return response
