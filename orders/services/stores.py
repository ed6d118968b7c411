"""The local stores 402 NUS and 602 Lycksele (F-11): which a user may take
from, what a store stocks, the units on its shelves, and the rules the
lines of a withdrawal (Uttag ur eget förråd) and a basket loan (Artiklar i
varukorg) follow on top of an order's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aids.choices import IndividualLocation
from aids.models import Individual
from catalog.choices import ArticleType
from warehouse.models import StockBalance, Warehouse

from ..choices import STORE_KINDS, OrderKind


def local_stores_of(user):
    """The local stores the user's customers may take from, by code."""
    return Warehouse.objects.filter(customers__authorisations__user=user).distinct()


def check_store(user, kind, warehouse):
    """A withdrawal or a basket takes from one of the user's local stores;
    any other kind from none chosen. A forged choice is refused."""
    if kind not in STORE_KINDS:
        return
    if warehouse is None or not local_stores_of(user).filter(pk=warehouse.pk).exists():
        raise ValidationError(
            _("Välj ett av förråden som dina kunder får ta ur."), code="store"
        )


def check_store_customer(order, customer):
    """The customer of a withdrawal or a basket is one whose prescribers may
    take from its store."""
    if (
        order.kind in STORE_KINDS
        and not customer.local_stores.filter(pk=order.warehouse_id).exists()
    ):
        raise ValidationError(
            _("Kund %(kundid)s får inte ta ur förråd %(store)s."),
            code="store_customer",
            params={"kundid": customer.kundid, "store": order.warehouse.code},
        )


def check_stocked(order, articles):
    """Only what the store keeps can be taken from it; the rest is ordered
    from the centre with Beställning."""
    articles = [article for article in articles if keeps_stock(article)]
    if order.kind not in STORE_KINDS or not articles:
        return
    stocked = set(
        StockBalance.objects.filter(
            warehouse_id=order.warehouse_id, article__in=articles
        ).values_list("article_id", flat=True)
    )
    missing = [article.article_no for article in articles if article.pk not in stocked]
    if missing:
        raise ValidationError(
            ngettext(
                "Artikel %(numbers)s lagerhålls inte i förråd %(store)s. "
                "Beställ den med Beställning.",
                "Artiklarna %(numbers)s lagerhålls inte i förråd %(store)s. "
                "Beställ dem med Beställning.",
                len(missing),
            ),
            code="not_stocked",
            params={"numbers": ", ".join(missing), "store": order.warehouse.code},
        )


def is_patient_fee(article):
    return article.article_type == ArticleType.PATIENT_FEE


def keeps_stock(article):
    """A patient fee (egenavgift) is a charge, not a thing on a shelf: no
    warehouse holds, reserves or issues it."""
    return not is_patient_fee(article)


def holding_payer(article, person, payer):
    """Who pays for an aid a recipient holds, as the Holding's fields: for
    a patient fee (egenavgift) the patient, for anything else the payer."""
    if person is not None and is_patient_fee(article):
        return {"payer": None, "patient_pays": True}
    return {"payer": payer, "patient_pays": False}


def units_on_shelf(warehouse, articles):
    """{article id: [individual, …]}: the units of these articles on the
    store's shelf, for choosing the one taken. One query."""
    units = {}
    for individual in Individual.objects.filter(
        warehouse=warehouse,
        article__in=articles,
        location=IndividualLocation.IN_WAREHOUSE,
    ).order_by("individual_no"):
        units.setdefault(individual.article_id, []).append(individual)
    return units


def unit_on_shelf(order, line, individual_no):
    """The unit with `individual_no`, when it is the line's article and on
    the shelf of the order's store; a ValidationError saying so otherwise."""
    individual = (
        Individual.objects.filter(individual_no=individual_no.strip())
        .select_related("article")
        .first()
    )
    if (
        individual is None
        or individual.article_id != line.article_id
        or individual.warehouse_id != order.warehouse_id
        or individual.location != IndividualLocation.IN_WAREHOUSE
    ):
        raise ValidationError(
            _(
                "Individ %(individual)s av artikel %(number)s finns inte i "
                "förråd %(store)s."
            ),
            code="individual_not_in_store",
            params={
                "individual": individual_no,
                "number": line.article.article_no,
                "store": order.warehouse.code,
            },
        )
    return individual


def missing_individuals(order, lines):
    """The lines of a withdrawal or a basket whose I-marked unit is not yet
    chosen, as Swedish sentences."""
    if order.kind not in STORE_KINDS:
        return []
    return [
        _("Ange individnummer på rad %(position)s (artikel %(number)s).")
        % {"position": line.position, "number": line.article.article_no}
        for line in lines
        if line.article.individually_marked and line.individual_id is None
    ]


def one_unit_per_line(order, article):
    """An I-marked article is one unit per line; in a basket every line is,
    so that each unit can go to its own patient or back to the store."""
    return article.individually_marked or order.kind == OrderKind.BASKET
