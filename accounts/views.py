from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    success_url = reverse_lazy("start")

    def form_valid(self, form):
        messages.success(self.request, _("Ditt nya lösenord är sparat."))
        return super().form_valid(form)


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
        services.lift_login_lock(form.user)
        messages.success(self.request, self.success_message)
        return response


class ActivateView(PasswordResetConfirmView):
    template_name = "registration/activate.html"
    success_message = _("Ditt konto är aktiverat. Logga in med ditt nya lösenord.")
