from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.forms import RecipientSearchForm
from aids.recipients import deceased_refusal

from ..services import DECEASED
from .articles import OrderArticlesForm

# The choice that starts a new draft rather than continuing one.
NEW = "ny"


def token_field():
    """The form's token, which becomes the new draft's id: the same form
    sent twice (a double click) makes one draft."""
    message = _("Formuläret är ofullständigt. Ladda om sidan och försök igen.")
    return forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": message, "invalid": message},
    )


class OrderRecipientForm(RecipientSearchForm):
    """Step 1, Mottagare: the aids page's recipient search and its checks,
    without its list filter. Sent by POST: a personnummer never goes in a URL."""

    only_marked = None
    token = token_field()

    def clean(self):
        data = super().clean()
        if self.recipient and (
            refusal := deceased_refusal(self.recipient.person, DECEASED)
        ):
            self.add_error("personnummer", refusal)
        return data


def must_choose(drafts, token):
    """Whether to ask which draft to go on with: the user has drafts for the
    recipient and none of them is this form's own (made by its first send)."""
    return bool(drafts) and str(token) not in {str(draft.pk) for draft in drafts}


class StartForm(OrderArticlesForm):
    """Beställ for a chosen recipient: continue one of the user's drafts for
    them or start a new one, with the articles handed over from an aid's
    page. The aid's page sends no choice: the page asks for one when there
    is a draft to continue."""

    token = token_field()
    choice = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _(
                "Beställningen finns inte längre som påbörjad. Välj igen."
            )
        },
    )

    def __init__(self, *args, drafts, **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        self.fields["articles"].required = False
        self.fields["articles"].widget = forms.MultipleHiddenInput()
        self.fields["choice"].choices = [(NEW, NEW)] + [
            (str(draft.pk), str(draft.pk)) for draft in drafts
        ]

    def decided(self):
        """A draft or Ny beställning chosen, nothing to choose from, or the
        form sent again after it made its draft."""
        data = self.cleaned_data
        return bool(data["choice"]) or not must_choose(self.drafts, data["token"])

    def draft(self):
        """The draft chosen to continue; None for the token's new one."""
        chosen = self.cleaned_data["choice"]
        return next((d for d in self.drafts if str(d.pk) == chosen), None)


class CustomerForm(forms.Form):
    """Step 2, Kund/leveransadress: only the customers the user orders for."""

    customer = forms.ModelChoiceField(
        label=_("Kund/leveransadress"),
        queryset=Customer.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Välj en kund."),
            "invalid_choice": _("Välj en av kunderna i listan."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = user.customers.select_related(
            "default_payer"
        ).order_by("name", "kundid")
