from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core.forms import PhoneField
from core.language import in_language_of
from notices.models import EMAIL_KINDS

PASSWORD_HELP = _(
    "Minst 15 tecken. Du behöver inte blanda siffror eller specialtecken: "
    "en lösenfras av fyra–fem ord som inte hör ihop är stark och lätt att "
    "komma ihåg. Undvik vanliga lösenord, ditt namn, upprepningar (aaaa), "
    "tangentrader (qwerty) och årtal."
)


class _LimitsUsernameLength:
    """Django's login form sets the username's max_length only after the
    field is built, so it reaches the widget but not the validators: an
    overlong username went on to authenticate() and django-axes, whose
    tables refused it (a server error). Validated here, it never leaves the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(_LimitsUsernameLength, auth_forms.AuthenticationForm):
    def confirm_login_allowed(self, user):
        """With PASSWORD_LOGIN off, prescribers log in with SITHS only;
        staff may still use their password."""
        super().confirm_login_allowed(user)
        if not settings.PASSWORD_LOGIN and not user.is_staff:
            raise ValidationError(
                _(
                    "Inloggning med lösenord är avstängd. Logga in med SITHS "
                    "(knappen Logga in med SITHS)."
                ),
                code="password_login_off",
            )


class AdminLoginForm(_LimitsUsernameLength, AdminAuthenticationForm):
    pass


class _ChoosesOwnPassword:
    """Once the user has chosen a password, they no longer have to change it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP

    def validate_password_for_user(self, user, password_field_name=None):
        # The policy's errors belong at the field whose help text states it,
        # not at the confirmation (Django's default).
        super().validate_password_for_user(user, "new_password1")

    def save(self, commit=True):
        self.user.must_change_password = False
        return super().save(commit=commit)


class SetPasswordForm(_ChoosesOwnPassword, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(_ChoosesOwnPassword, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm):
    def get_users(self, email):
        # New accounts have no password yet; a reset link doubles as a new
        # activation link for them, so they are included.
        return get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )

    def send_mail(self, *args, **kwargs):
        # In the language of the account, whoever asked for the link.
        context = args[2] if len(args) > 2 else kwargs["context"]
        with in_language_of(context["user"]):
            super().send_mail(*args, **kwargs)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Språk"), choices=settings.LANGUAGES)


class UserCreationForm(forms.ModelForm):
    """Staff create an account without a password: the user gets an activation link."""

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email"]


class MyDetailsForm(forms.Form):
    """Mina uppgifter: what the user keeps up to date themselves. Name,
    username and customers are customer service's (the admin)."""

    title = forms.CharField(
        label=_("Titel/yrke"),
        max_length=100,
        required=False,
        help_text=_("Till exempel arbetsterapeut, fysioterapeut eller sjuksköterska."),
    )
    work_phone = PhoneField(label=_("Telefon arbete"), required=False)
    mobile = PhoneField(label=_("Mobiltelefon"), required=False)
    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_(
            "En ny adress gäller först när du har öppnat länken som skickas till den."
        ),
        error_messages={
            "required": _("Ange din e-postadress."),
            "invalid": _("Ange en giltig e-postadress, till exempel namn@region.se."),
        },
    )

    email_notifications = forms.MultipleChoiceField(
        label=_("Skicka e-post när …"),
        choices=EMAIL_KINDS.items(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "E-postmeddelandet säger bara vilket ordernummer det gäller och "
            "länkar hit. Meddelandena i webSesam får du alltid."
        ),
    )

    @classmethod
    def of(cls, user, data=None):
        return cls(
            data,
            initial={
                "title": user.title,
                "work_phone": user.work_phone,
                "mobile": user.mobile,
                "email": user.email,
                "email_notifications": user.email_notifications,
            },
        )
