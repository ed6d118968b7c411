from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_POST

from core.locale_middleware import set_language_cookie

from . import services
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
        services.end_sessions([request.user])
        logout(request)
        messages.success(
            request,
            _(
                "Du är utloggad överallt: på alla datorer och i alla webbläsare "
                "där du var inloggad i webSesam."
            ),
        )
        return redirect(settings.LOGOUT_REDIRECT_URL)


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
