from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.forms import RecipientSearchForm

from ..services import deceased_refusal


class OrderRecipientForm(RecipientSearchForm):
    """Step 1, Mottagare: the aids page's recipient search and its checks,
    without its list filter. Sent by POST: a personnummer never goes in a URL."""

    only_marked = None

    def clean(self):
        data = super().clean()
        if self.recipient and (refusal := deceased_refusal(self.recipient.person)):
            self.add_error("personnummer", refusal)
        return data


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
