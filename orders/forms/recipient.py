from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer
from aids.forms import RecipientSearchForm
from aids.recipients import Recipient, deceased_refusal

from ..choices import STORE_KINDS, OrderKind
from ..services import DECEASED, check_store, local_stores_of
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


# What the prescriber chooses on Ny beställning (the manual's a, b, c).
CHOSEN_KINDS = [OrderKind.ORDER, OrderKind.WITHDRAWAL, OrderKind.BASKET]
NO_STORE = _("Du kan bara göra Beställning: dina kunder har inget eget förråd.")


class KindMixin:
    """The order's kind and, for a withdrawal or a basket, the local store
    it is taken from: offered only to a user whose customers have stores
    (`stores`), the single one chosen without asking. A kind or store the
    user may not use (a forged POST) is refused next to the field."""

    def _add_kind_fields(self, user, widget, store_widget):
        self.stores = list(local_stores_of(user))
        self.user = user
        self.fields["kind"] = forms.ChoiceField(
            label=_("Alternativ"),
            choices=[(kind.value, kind.label) for kind in CHOSEN_KINDS],
            initial=OrderKind.ORDER,
            required=False,
            widget=widget,
            error_messages={"invalid_choice": _("Välj ett av alternativen.")},
        )
        self.fields["store"] = forms.ChoiceField(
            label=_("Eget förråd"),
            choices=[(store.code, str(store)) for store in self.stores],
            required=False,
            widget=store_widget,
            error_messages={
                "invalid_choice": _("Välj ett av förråden som dina kunder får ta ur.")
            },
        )

    @property
    def chooses_store(self):
        """Two stores or more: the prescriber says which."""
        return len(self.stores) > 1

    def clean_kind(self):
        kind = self.cleaned_data["kind"] or OrderKind.ORDER
        if kind in STORE_KINDS and not self.stores:
            raise ValidationError(NO_STORE, code="no_store")
        return OrderKind(kind)

    def clean_store(self):
        """The Warehouse chosen (the only one when there is one), None for a
        Beställning."""
        kind = self.cleaned_data.get("kind")
        if kind not in STORE_KINDS:
            return None
        code = self.cleaned_data["store"]
        if not code and len(self.stores) == 1:
            code = self.stores[0].code
        if not code:
            raise ValidationError(_("Välj förråd."), code="required")
        store = next(store for store in self.stores if store.code == code)
        check_store(self.user, kind, store)
        return store


class OrderRecipientForm(KindMixin, RecipientSearchForm):
    """Step 1, Mottagare: the aids page's recipient search and its checks,
    without its list filter, and the kind of order. Sent by POST: a
    personnummer never goes in a URL. Artiklar i varukorg has no recipient:
    what is in the boxes is not looked at."""

    only_marked = None
    token = token_field()
    field_order = ["kind", "store"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self._add_kind_fields(user, forms.RadioSelect, forms.RadioSelect)
        self.order_fields(self.field_order)

    def _basket(self):
        return self.cleaned_data.get("kind") == OrderKind.BASKET

    def clean_personnummer(self):
        if self._basket():
            return self.cleaned_data["personnummer"]
        return super().clean_personnummer()

    def clean_care_unit(self):
        if self._basket():
            return self.cleaned_data["care_unit"]
        return super().clean_care_unit()

    def clean(self):
        data = super().clean()
        if self._basket():
            self.recipient = Recipient()
        elif self.recipient and (
            refusal := deceased_refusal(self.recipient.person, DECEASED)
        ):
            self.add_error("personnummer", refusal)
        return data


def must_choose(drafts, token):
    """Whether to ask which draft to go on with: the user has drafts for the
    recipient and none of them is this form's own (made by its first send)."""
    return bool(drafts) and str(token) not in {str(draft.pk) for draft in drafts}


class StartForm(KindMixin, OrderArticlesForm):
    """Beställ for a chosen recipient: continue one of the user's drafts for
    them or start a new one, with the articles handed over from an aid's
    page. The aid's page sends no choice: the page asks for one when there
    is a draft to continue. The kind and store chosen on Ny beställning
    come along hidden (after the question about a care relationship)."""

    token = token_field()
    choice = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _(
                "Beställningen finns inte längre som påbörjad. Välj igen."
            )
        },
    )

    def __init__(self, *args, drafts, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_kind_fields(user, forms.HiddenInput, forms.HiddenInput)
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
    """Step 2, Kund/leveransadress: only the customers the user orders for;
    for a withdrawal or a basket, those that may take from its store."""

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

    def __init__(self, *args, user, order, **kwargs):
        super().__init__(*args, **kwargs)
        customers = user.customers.select_related("default_payer")
        if order.kind in STORE_KINDS:
            customers = customers.filter(local_stores=order.warehouse_id)
        self.fields["customer"].queryset = customers.order_by("name", "kundid")
