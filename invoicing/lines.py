"""An invoice's lines as its payer reads them (E-faktura): filtered, sorted
so that each customer's, recipient's and aid's lines stand together, a page
at a time with the groups' subtotals, and the same lines for the files."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.rows import escaped
from orders.services.report import cell_text

from .choices import LineKind
from .models import InvoiceLine, InvoiceSubtotal, vat_totals

# Lines on a page; the PDF and the files hold them all.
PAGE_SIZE = 100

# Customer, recipient (a patient, else the care unit the aid is with), aid,
# then the aid's lines in time: every group's lines follow each other. The
# patients go by the name the line keeps (Efternamn, Förnamn), a care unit's
# lines (no name) before them: sorting by the persons' own names joined
# every line of the invoice to them. The lines are numbered in this order
# once, when the invoice is written (number_lines): sorting 5,000 lines by
# these keys on every page view took most of the page's time.
CUSTOMER = [F("customer__kundid")]
RECIPIENT = [*CUSTOMER, F("recipient_name"), F("person_id"), F("care_unit_id")]
READING_ORDER = [
    *(key.asc(nulls_last=True) for key in RECIPIENT),
    F("holding_id").asc(nulls_last=True),
    F("period_from").asc(),
    F("id").asc(),
]


def number_lines(invoice):
    """Set the positions of the invoice's lines in READING_ORDER, in one
    UPDATE however many lines."""
    ranked = (
        invoice.lines.order_by()
        .annotate(number=Window(RowNumber(), order_by=READING_ORDER))
        .values("id", "number")
    )
    sql, params = ranked.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE invoicing_invoiceline AS line SET position = ranked.number "  # noqa: S608 - the ORM's SQL, values as params
            f"FROM ({sql}) AS ranked WHERE line.id = ranked.id",
            params,
        )


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
    *("recipient_name", "person__personnummer"),
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


def _totals(rows):
    """Totals of (vat rate, count, net) rows."""
    rows = list(rows)
    return Totals(
        sum(count for _, count, _ in rows),
        vat_totals((rate, net) for rate, _, net in rows),
    )


def write_subtotals(invoice):
    """Count and sum the invoice's lines per customer and VAT rate, once,
    when it is written (InvoiceSubtotal)."""
    InvoiceSubtotal.objects.bulk_create(
        InvoiceSubtotal(
            invoice=invoice,
            customer_id=customer_id,
            vat_rate=rate,
            count=count,
            net=net,
        )
        for customer_id, rate, count, net in invoice.lines.order_by()
        .values_list("customer_id", "vat_rate")
        .annotate(count=Count("pk"), net=Sum("amount"))
    )


def invoice_totals(invoice):
    """(the whole invoice's Totals, the ids of the customers on it) from its
    subtotals."""
    rows = list(
        invoice.subtotals.values_list("customer_id", "vat_rate", "count", "net")
    )
    customer_ids = {customer_id for customer_id, *_ in rows if customer_id}
    return _totals(row[1:] for row in rows), customer_ids


def shown_totals(invoice, criteria, whole):
    """The Totals of the lines `criteria` shows (`whole` when all)."""
    if criteria == ALL:
        return whole
    return _totals(
        invoice.lines.filter(criteria.condition())
        .order_by()
        .values_list("vat_rate")
        .annotate(count=Count("pk"), net=Sum("amount"))
    )


def matching(invoice, criteria):
    """The ids of the lines `criteria` shows, in reading order."""
    return (
        invoice.lines.filter(criteria.condition())
        .order_by("position")
        .values_list("pk", flat=True)
    )


def _with_related(pks):
    """The lines of `pks` in that order, with what they show. A query of
    its own: joined in the query that pages, PostgreSQL would join all the
    matching lines before it skipped to the page."""
    by_pk = (
        InvoiceLine.objects.select_related(*RELATED)
        .only(*FIELDS)
        .order_by()
        .in_bulk(pks)
    )
    return [by_pk[pk] for pk in pks]


@dataclass(frozen=True)
class LinePage:
    rows: list
    page: object


def _subtotals(invoice, criteria, lines, key_fields):
    """{group key: the sum of the amounts of the matching lines of the
    group} for the groups (lines alike in `key_fields`) of `lines`: summed
    over the whole invoice, not only the page."""
    conditions = Q()
    for name in key_fields:
        values = {getattr(line, name) for line in lines}
        condition = Q(**{f"{name}__in": values - {None}})
        if None in values:
            condition |= Q(**{f"{name}__isnull": True})
        conditions &= condition
    sums = (
        invoice.lines.filter(criteria.condition(), conditions)
        .order_by()
        .values_list(*key_fields)
        .annotate(total=Sum("amount"))
    )
    found = {tuple(row[:-1]): row[-1] for row in sums}
    return lambda line: found[tuple(getattr(line, name) for name in key_fields)]


def line_page(invoice, criteria, count, number):
    """Page `number` of the matching lines (`count` of them, from totals),
    as grouped rows with the subtotals of the groups on it: four queries
    whatever the invoice's size. Past the end, the last page."""
    page = Paginator(range(count), PAGE_SIZE).get_page(number)
    start = page.start_index() - 1 if count else 0
    lines = _with_related(list(matching(invoice, criteria)[start : start + PAGE_SIZE]))
    if not lines:
        return LinePage([], page)
    return LinePage(
        grouped(
            lines,
            _subtotals(invoice, criteria, lines, ["customer_id"]),
            _subtotals(invoice, criteria, lines, RECIPIENT_FIELDS),
        ),
        page,
    )


def all_lines(invoice, criteria=ALL):
    """Every matching line in reading order, for the PDF and the files."""
    return _with_related(list(matching(invoice, criteria)))


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


RECIPIENT_FIELDS = ["customer_id", "recipient_name", "person_id", "care_unit_id"]


def customer_key(line):
    return line.customer_id


def recipient_key(line):
    return tuple(getattr(line, name) for name in RECIPIENT_FIELDS)


@dataclass(frozen=True)
class Labels:
    """The rows' texts in the active language, translated once per list:
    get_kind_display() hashes every choice's lazy label, which made a
    dozen translations per line."""

    kinds: dict
    customer: str
    recipient: str
    subtotal: str
    correction: str


def labels():
    return Labels(
        kinds={value: str(label) for value, label in LineKind.choices},
        customer=_("Kund %(kundid)s %(name)s"),
        recipient=_("Mottagare %(name)s"),
        subtotal=_("Delsumma %(amount)s kr"),
        correction=_("%(kind)s av %(corrected)s, faktura %(number)s"),
    )


@dataclass(frozen=True)
class Row:
    """A row of the lines' table: a customer's or a recipient's heading with
    the group's subtotal, or a line. `html` is the row's table row, made
    here once from values escaped here (core.rows): the page places it as
    it is, as the template's lookups, filters and escaping per cell made
    half of the page's time (as the catalog's article_rows tag does).
    A heading's `cells` are its text and subtotal, for the PDF."""

    kind: str
    line: InvoiceLine
    html: SafeString
    subtotal: Decimal | None = None
    cells: dict | None = None


HEADING_ROW = (
    '<tr class="group-{kind}"><th scope="row" colspan="8">{heading}</th>'
    '<td class="text-end text-nowrap" colspan="2">{subtotal}</td><td></td></tr>'
)
LINE_ROW = (
    "<tr><td>{kind}</td><td>{article}</td><td>{individual}</td>"
    '<td>{recipient} <span class="text-nowrap">{personnummer}</span></td>'
    '<td class="text-nowrap">{period}</td><td class="text-end">{days}</td>'
    '<td class="text-end">{quantity}</td>'
    '<td class="text-end text-nowrap">{unit_price}</td>'
    '<td class="text-end text-nowrap">{amount}</td>'
    '<td class="text-end">{vat_rate}</td><td>{accounting_cost}</td></tr>'
)


def money(amount):
    """An amount as Swedish writes it, 1 234,50 (as floatformat:"2g")."""
    return f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")


def rate_text(rate):
    """A VAT rate without its trailing zeros: 25, 12, 6."""
    return f"{rate.normalize():f}".replace(".", ",")


def _heading(kind, line, subtotal, texts):
    if kind == "customer":
        text = texts.customer % {
            "kundid": line.customer.kundid if line.customer_id else "–",
            "name": line.customer.name if line.customer_id else "",
        }
    else:
        person = f", {line.person.personnummer}" if line.person_id else ""
        text = texts.recipient % {"name": recipient_name(line)} + person
    cells = {
        "heading": escaped(text),
        "subtotal": escaped(texts.subtotal % {"amount": money(subtotal)}),
    }
    return Row(
        kind, line, SafeString(HEADING_ROW.format(kind=kind, **cells)), subtotal, cells
    )


def _line_row(line, texts):
    kind = kind_text(line, texts)
    if line.text:
        kind = f"{kind}: {line.text}"
    if line.order_number:
        kind = f"{kind} ({line.order_number})"
    period = line.period_from.isoformat()
    if line.period_to != line.period_from:
        period = f"{period} – {line.period_to.isoformat()}"
    html = LINE_ROW.format(
        kind=escaped(kind),
        article=escaped(f"{line.article.article_no} {line.article.name}"),
        individual=escaped(line.individual.individual_no if line.individual_id else ""),
        recipient=escaped(recipient_name(line)),
        personnummer=escaped(line.person.personnummer if line.person_id else ""),
        period=period,
        days="" if line.days is None else line.days,
        quantity=line.quantity,
        unit_price=money(line.unit_price),
        amount=money(line.amount),
        vat_rate=rate_text(line.vat_rate),
        accounting_cost=escaped(line.accounting_cost),
    )
    return Row("line", line, SafeString(html))


def grouped(lines, customer_sum, recipient_sum):
    texts = labels()
    rows = []
    previous = None
    for line in lines:
        if previous is None or customer_key(line) != customer_key(previous):
            rows.append(_heading("customer", line, customer_sum(line), texts))
        if previous is None or recipient_key(line) != recipient_key(previous):
            rows.append(_heading("recipient", line, recipient_sum(line), texts))
        rows.append(_line_row(line, texts))
        previous = line
    return rows


def recipient_name(line):
    """The patient's name as invoiced, else the care unit's."""
    if line.person_id:
        return line.recipient_name
    if line.care_unit_id:
        return line.care_unit.name
    return ""


def kind_text(line, texts):
    """The line's kind; a correction's says what it corrects and where."""
    kind = texts.kinds[line.kind]
    if not line.original_invoice_id:
        return kind
    return texts.correction % {
        "kind": kind,
        "corrected": texts.kinds[line.corrected_kind].lower(),
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
    texts = labels()
    rows = [
        [
            line.customer.kundid if line.customer_id else "",
            cell_text(line.customer.name if line.customer_id else ""),
            cell_text(recipient_name(line)),
            line.person.personnummer if line.person_id else "",
            kind_text(line, texts),
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
