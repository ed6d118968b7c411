"""An invoice's lines as its payer reads them (E-faktura): filtered, sorted
so that each customer's, recipient's and aid's lines stand together, a page
at a time with the groups' subtotals, and the same lines for the files."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum, Window
from django.utils.translation import gettext as _

from orders.services.report import cell_text

from .models import InvoiceLine, vat_totals

# Lines on a page; the PDF and the files hold them all.
PAGE_SIZE = 100

# Customer, recipient (a patient, else the care unit the aid is with), aid,
# then the aid's lines in time: every group's lines follow each other.
ORDER = [
    F("customer__kundid").asc(nulls_last=True),
    F("person__last_name").asc(nulls_last=True),
    F("person__first_name").asc(nulls_last=True),
    F("person__personnummer").asc(nulls_last=True),
    F("care_unit__kundid").asc(nulls_last=True),
    F("holding_id").asc(nulls_last=True),
    "period_from",
    "id",
]
CUSTOMER = ["customer_id"]
RECIPIENT = ["customer_id", "person_id", "care_unit_id"]

RELATED = [
    "customer",
    "person",
    "care_unit",
    "article",
    "individual",
    "original_invoice",
]
FIELDS = [
    *("kind", "corrected_kind", "order_number", "text", "accounting_cost"),
    *("period_from", "period_to", "days", "quantity", "unit_price", "amount"),
    *("vat_rate", "holding_id", "customer__kundid", "customer__name"),
    *("person__first_name", "person__last_name", "person__personnummer"),
    *("care_unit__kundid", "care_unit__name"),
    *("article__article_no", "article__name", "individual__individual_no"),
    "original_invoice__number",
]


@dataclass(frozen=True)
class Criteria:
    """Which lines to show; every field empty shows them all. Patients and
    articles are given as their ids, found from what the user typed."""

    customer_id: int | None = None
    person_ids: tuple | None = None
    article_ids: tuple | None = None
    kind: str = ""

    def condition(self):
        condition = Q()
        if self.customer_id is not None:
            condition &= Q(customer_id=self.customer_id)
        if self.person_ids is not None:
            condition &= Q(person_id__in=self.person_ids)
        if self.article_ids is not None:
            condition &= Q(article_id__in=self.article_ids)
        if self.kind:
            condition &= Q(kind=self.kind)
        return condition


ALL = Criteria()


@dataclass(frozen=True)
class Totals:
    """Lines counted and summed: [(rate, net, vat)] per VAT rate, each
    rate's VAT rounded once on its sum as on the invoice."""

    count: int
    per_rate: list

    @property
    def net(self):
        return sum((net for _, net, _ in self.per_rate), Decimal(0))

    @property
    def vat(self):
        return sum((vat for _, _, vat in self.per_rate), Decimal(0))

    @property
    def gross(self):
        return self.net + self.vat


def totals(invoice, criteria):
    """(the whole invoice's Totals, the shown lines' Totals) in one pass
    over its lines."""
    shown = criteria.condition()
    rows = list(
        invoice.lines.values("vat_rate")
        .annotate(
            count=Count("pk"),
            net=Sum("amount"),
            shown_count=Count("pk", filter=shown),
            shown_net=Sum("amount", filter=shown),
        )
        .order_by("vat_rate")
    )

    def of(count, net):
        kept = [row for row in rows if row[count]]
        return Totals(
            sum(row[count] for row in kept),
            vat_totals((row["vat_rate"], row[net]) for row in kept),
        )

    return of("count", "net"), of("shown_count", "shown_net")


def _with_related(pks):
    by_pk = InvoiceLine.objects.select_related(*RELATED).only(*FIELDS).in_bulk(pks)
    return [by_pk[pk] for pk in pks]


def matching(invoice, criteria):
    return invoice.lines.filter(criteria.condition()).order_by(*ORDER)


@dataclass(frozen=True)
class LinePage:
    rows: list
    page: object


def line_page(invoice, criteria, count, number):
    """Page `number` of the matching lines (`count` of them, from totals),
    as grouped rows with the subtotals of the groups on it, summed over all
    the matching lines by windows beside the page's ids: two queries
    whatever the invoice's size. Past the end, the last page."""
    page = Paginator(range(count), PAGE_SIZE).get_page(number)
    start = page.start_index() - 1 if count else 0
    found = list(
        matching(invoice, criteria)
        .annotate(
            customer_sum=Window(Sum("amount"), partition_by=CUSTOMER),
            recipient_sum=Window(Sum("amount"), partition_by=RECIPIENT),
        )
        .values_list("pk", "customer_sum", "recipient_sum")[start : start + PAGE_SIZE]
    )
    lines = _with_related([pk for pk, _, _ in found])
    sums = {pk: (customer, recipient) for pk, customer, recipient in found}
    return LinePage(
        grouped(lines, lambda line: sums[line.pk][0], lambda line: sums[line.pk][1]),
        page,
    )


def all_lines(invoice, criteria=ALL):
    """Every matching line in the page's order, for the PDF and the files."""
    pks = list(matching(invoice, criteria).values_list("pk", flat=True))
    return _with_related(pks)


def all_grouped(lines):
    """Grouped rows of all of an invoice's (matching) lines, the subtotals
    summed here."""
    customers, recipients = defaultdict(Decimal), defaultdict(Decimal)
    for line in lines:
        customers[customer_key(line)] += line.amount
        recipients[recipient_key(line)] += line.amount
    return grouped(
        lines,
        lambda line: customers[customer_key(line)],
        lambda line: recipients[recipient_key(line)],
    )


def customer_key(line):
    return line.customer_id


def recipient_key(line):
    return (line.customer_id, line.person_id, line.care_unit_id)


@dataclass(frozen=True)
class Row:
    """A row of the lines' table: a customer's or a recipient's heading with
    the group's subtotal, or a line."""

    kind: str
    line: InvoiceLine
    subtotal: Decimal | None = None


def grouped(lines, customer_sum, recipient_sum):
    rows = []
    previous = None
    for line in lines:
        if previous is None or customer_key(line) != customer_key(previous):
            rows.append(Row("customer", line, customer_sum(line)))
        if previous is None or recipient_key(line) != recipient_key(previous):
            rows.append(Row("recipient", line, recipient_sum(line)))
        rows.append(Row("line", line))
        previous = line
    return rows


def recipient_name(line):
    if line.person_id:
        return str(line.person)
    if line.care_unit_id:
        return line.care_unit.name
    return ""


def kind_text(line):
    """The line's kind; a correction's says what it corrects and where."""
    if not line.original_invoice_id:
        return line.get_kind_display()
    return _("%(kind)s av %(corrected)s, faktura %(number)s") % {
        "kind": line.get_kind_display(),
        "corrected": line.get_corrected_kind_display().lower(),
        "number": line.original_invoice.number,
    }


def persons_shown(lines):
    """(patient, customer) for the access log."""
    return [(line.person, line.customer) for line in lines if line.person_id]


def table(lines):
    """The header and rows of a file: dates and amounts as such, texts made
    safe for spreadsheets."""
    header = [
        _("Kundid"),
        _("Kund"),
        _("Mottagare"),
        _("Personnummer"),
        _("Typ"),
        _("Artikelnummer"),
        _("Benämning"),
        _("Individnummer"),
        _("Ordernummer"),
        _("Text"),
        _("Från"),
        _("Till"),
        _("Dagar"),
        _("Antal"),
        _("À-pris"),
        _("Belopp exkl. moms"),
        _("Moms (%)"),
        _("Kodsträng"),
    ]
    rows = [
        [
            line.customer.kundid if line.customer_id else "",
            cell_text(line.customer.name if line.customer_id else ""),
            cell_text(recipient_name(line)),
            line.person.personnummer if line.person_id else "",
            kind_text(line),
            line.article.article_no,
            cell_text(line.article.name),
            line.individual.individual_no if line.individual_id else "",
            line.order_number,
            cell_text(line.text),
            line.period_from,
            line.period_to,
            line.days,
            line.quantity,
            line.unit_price,
            line.amount,
            line.vat_rate,
            cell_text(line.accounting_cost),
        ]
        for line in lines
    ]
    return header, rows
