"""Rekvirerat per förskrivare: the lines of the executed orders of the
user's customers in a period, and the same rows as an Excel or CSV file."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from aids.models import Holding
from core.search import Capped, capped

from ..choices import OPEN_LINE_STATUSES, LineStatus, OrderKind
from ..models import OrderLine

MAX_ROWS = 10_000
# Lines on a page: the screen and the print show one page at a time, the
# files all of them.
PAGE_SIZE = 100

DELIVERED = "delivered"
NOT_DELIVERED = "not_delivered"
ALL = "all"

BY_DATE = "date"
BY_ARTICLE = "article"
BY_RECIPIENT = "recipient"

# Lines of the same order stay together, in the order's own order.
WITHIN_ORDER = ["order__executed_at", "order__number", "position"]
SORTS = {
    BY_DATE: WITHIN_ORDER,
    BY_ARTICLE: ["article__article_no", *WITHIN_ORDER],
    BY_RECIPIENT: [
        F("recipient_last").asc(nulls_last=True),
        F("recipient_first").asc(nulls_last=True),
        *WITHIN_ORDER,
    ],
}

# Everything a row or a file shows, joined for the rows of a page or a file
# only, and only these columns of them: a row is then 10 model instances of
# a few fields each rather than of all their fields.
RELATED = [
    "order__prescriber",
    "order__person",
    "order__care_unit",
    "order__customer",
    "order__payer",
    "article",
    "payer",
    "holding__person",
]
FIELDS = [
    *("position", "quantity", "delivered_quantity", "status"),
    *("order__number", "order__executed_at"),
    *("order__prescriber__first_name", "order__prescriber__last_name"),
    "order__prescriber__username",
    *("order__person__first_name", "order__person__last_name"),
    "order__person__personnummer",
    *("order__care_unit__name", "order__customer__kundid"),
    *("order__payer__betalarid", "order__payer__name"),
    *("article__article_no", "article__name"),
    *("payer__betalarid", "payer__name"),
    *("holding__person__first_name", "holding__person__last_name"),
    "holding__person__personnummer",
]


@dataclass(frozen=True)
class Criteria:
    date_from: object
    date_to: object
    personnummer: str = ""
    care_unit: str = ""
    article: str = ""
    number: str = ""
    status: str = ALL
    sort: str = BY_DATE


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _matching(user, criteria):
    """The lines of the orders the user may see (their customers'; staff
    all) executed from date_from to date_to, both included as local dates,
    in the report's order. Drafts are not orders yet and a replenishment has
    no customer. The conditions are on the line's own join to its order, so
    that the plan starts from the period (index order_customer_executed);
    a semi-join on orders would come last in a join of this many tables."""
    lines = OrderLine.objects.filter(
        order__executed_at__gte=_day_start(criteria.date_from),
        order__executed_at__lt=_day_start(criteria.date_to + timedelta(days=1)),
    ).exclude(order__kind=OrderKind.REPLENISHMENT)
    if not user.is_staff:
        # Order.objects.visible_to for executed orders.
        lines = lines.filter(
            order__customer_id__in=user.authorisations.values("customer_id")
        )
    if criteria.number:
        lines = lines.filter(order__number__startswith=criteria.number)
    if criteria.care_unit:
        lines = lines.filter(order__care_unit__kundid=criteria.care_unit)
    if criteria.personnummer:
        # A settled basket line's patient is its holding's.
        lines = lines.filter(
            Q(order__person__personnummer=criteria.personnummer)
            | Q(holding__person__personnummer=criteria.personnummer)
        )
    if criteria.article:
        lines = lines.filter(article__article_no=criteria.article)
    if criteria.status == DELIVERED:
        lines = lines.filter(status=LineStatus.DELIVERED)
    elif criteria.status == NOT_DELIVERED:
        lines = lines.filter(status__in=OPEN_LINE_STATUSES)
    if criteria.sort == BY_RECIPIENT:
        # The holding's patient only where the order has none (a basket
        # loan): PostgreSQL's COALESCE runs the subquery for those lines
        # alone, where a join would look up every line's holding.
        holder = Holding.objects.filter(pk=OuterRef("holding_id"))
        lines = lines.annotate(
            recipient_last=Coalesce(
                "order__person__last_name",
                Subquery(holder.values("person__last_name")),
                "order__care_unit__name",
            ),
            recipient_first=Coalesce(
                "order__person__first_name",
                Subquery(holder.values("person__first_name")),
            ),
        )
    return lines.order_by(*SORTS[criteria.sort])


def _with_related(pks):
    """The lines `pks` with what a row shows, in the order of `pks`: joined
    for these rows only, after the narrow query chose and sorted them."""
    by_pk = OrderLine.objects.select_related(*RELATED).only(*FIELDS).in_bulk(pks)
    return [by_pk[pk] for pk in pks]


@dataclass(frozen=True)
class ReportPage:
    """One page of the report: its lines, the page (its number, the pages,
    the count of lines up to MAX_ROWS) and whether more than MAX_ROWS
    matched."""

    lines: list
    page: Page
    too_many: bool


def _page_number(text):
    try:
        return max(1, int(text))
    except (TypeError, ValueError):
        return 1


def report_page(user, criteria, number):
    """Page `number` (PAGE_SIZE lines) of the first MAX_ROWS matching lines;
    past the end, the last page (as Paginator.get_page). One query: the
    lines of the page with the count of all that matched beside them (a
    window over the rows the sort reads anyway); two more for a page past
    the end."""
    matching = (
        _matching(user, criteria)
        .annotate(matched=Window(Count("pk")))
        .values_list("pk", "matched")
    )

    def rows_of(number):
        start = (number - 1) * PAGE_SIZE
        return list(matching[start : start + PAGE_SIZE]) if start < MAX_ROWS else []

    number = _page_number(number)
    rows = rows_of(number)
    if not rows and number > 1:
        # Past the end (an old page button): the last page.
        first = rows_of(1)
        matched = first[0][1] if first else 0
        number = Paginator(range(min(matched, MAX_ROWS)), PAGE_SIZE).num_pages
        rows = rows_of(number)
    matched = rows[0][1] if rows else 0
    # The page's numbers (count, first and last line) without another query.
    page = Paginator(range(min(matched, MAX_ROWS)), PAGE_SIZE).page(number)
    pks = [pk for pk, _ in rows][: len(page.object_list)]
    return ReportPage(_with_related(pks), page, too_many=matched > MAX_ROWS)


def report_lines(user, criteria):
    """All the matching lines, at most MAX_ROWS of them (core.search.Capped),
    for a file."""
    found = capped(_matching(user, criteria).values_list("pk", flat=True), MAX_ROWS)
    return Capped(_with_related(found.hits), found.too_many, found.limit)


def line_person(line):
    """The patient a line went or goes to: the order's, or for a basket
    loan the holding's once the line was delivered to someone."""
    if line.order.person_id:
        return line.order.person
    return line.holding.person if line.holding_id else None


def recipient_name(line):
    person = line_person(line)
    if person is not None:
        return str(person)
    if line.order.care_unit_id:
        return line.order.care_unit.name
    return _("Varukorg")


def line_payer(line):
    """The line's own payer, else the order's default one."""
    return line.payer or line.order.payer


def persons_shown(lines):
    """(person, customer) for the access log: each patient for the customer
    whose order listed them."""
    return [
        (person, line.order.customer)
        for line in lines
        if (person := line_person(line)) is not None
    ]


def cell_text(value):
    """A cell's text, never read as a formula by a spreadsheet (a name or
    an article text starting with = + - @ would otherwise run)."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def table(lines, with_personnummer):
    """The header and the rows of a file: dates and numbers as such, texts
    made safe for spreadsheets."""
    header = [
        _("Ordernummer"),
        _("Datum"),
        _("Förskrivare"),
        _("Mottagare"),
        *([_("Personnummer")] if with_personnummer else []),
        _("Artikelnummer"),
        _("Benämning"),
        _("Antal"),
        _("Levererat"),
        _("Status"),
        _("Betalare"),
    ]
    rows = []
    for line in lines:
        person = line_person(line)
        payer = line_payer(line)
        rows.append(
            [
                line.order.number,
                timezone.localdate(line.order.executed_at),
                cell_text(line.order.prescriber or ""),
                cell_text(recipient_name(line)),
                *([person.personnummer if person else ""] if with_personnummer else []),
                line.article.article_no,
                cell_text(line.article.name),
                line.quantity,
                line.delivered_quantity,
                line.get_status_display(),
                cell_text(payer or ""),
            ]
        )
    return header, rows


def xlsx_bytes(header, rows, title=None):
    # Write-only: rows are streamed to the file rather than kept as cells.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title or _("Rekvirerat"))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value


def csv_bytes(header, rows):
    """Semicolon-separated UTF-8 with a byte order mark and decimal commas:
    what Excel with Swedish settings opens with å, ä, ö intact, the columns
    split and amounts read as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
