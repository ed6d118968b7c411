"""What the order services check before a change, shared by the modules
of this package: a draft that is still a draft, a sane quantity, an
article in the assortment, a patient who is alive."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outside_assortment.services import granted_request

from ..choices import OrderKind

# More than this on one line is a typing mistake, not an order.
MAX_QUANTITY = 999


DECEASED = gettext_lazy(
    "Patienten är avliden. Beställning kan inte göras; använd Hämtorder för "
    "att hämta hjälpmedlen."
)


def stock_reason(order):
    """What the stock ledger says moved the stock: the order's kind and number."""
    if order.kind == OrderKind.ORDER:
        return _("Kundorder %(number)s") % {"number": order.number}
    return _("%(kind)s %(number)s") % {
        "kind": order.get_kind_display(),
        "number": order.number,
    }


def _check_in_assortment(article):
    if not article.in_assortment:
        raise ValidationError(
            _(
                "Artikel %(number)s ingår inte i sortimentet och kan inte "
                "beställas här. Kontakta hjälpmedelskonsulenten."
            ),
            code="outside_assortment",
            params={"number": article.article_no},
        )


def _outside_request(order, article):
    """The recipient's granted request that lets `order` take an article
    outside the assortment; None for one in it; refused without one (and
    without an order to ask for)."""
    if article.in_assortment:
        return None
    if order is not None and (order.person_id or order.care_unit_id):
        granted = granted_request(order.person_id, order.care_unit_id, article)
        if granted is not None:
            return granted
    _check_in_assortment(article)
    return None


def _check_draft(order):
    if not order.is_draft:
        raise ValidationError(
            _("Ordern är redan verkställd och kan inte ändras."), code="not_draft"
        )


def _check_quantity(quantity):
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError(
            _("Antal ska vara ett heltal från 1 till %(max)s."),
            code="quantity",
            params={"max": MAX_QUANTITY},
        )
