"""Rekvirerat per förskrivare: the lines of the executed orders of the
user's customers in a period, and the same rows as an Excel or CSV file."""

import csv
import io
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.search import capped

from ..choices import OPEN_LINE_STATUSES, LineStatus, OrderKind, OrderStatus
from ..models import Order, OrderLine

MAX_ROWS = 10_000

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

# Everything a row shows, joined in the one query.
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


def report_lines(user, criteria):
    """The lines, at most MAX_ROWS of them (core.search.Capped), of the
    orders the user may see (their customers'; staff all) executed from
    date_from to date_to, both included as local dates. Drafts are not
    orders yet and a replenishment has no customer. One query."""
    orders = (
        Order.objects.visible_to(user)
        .exclude(status=OrderStatus.DRAFT)
        .exclude(kind=OrderKind.REPLENISHMENT)
        .filter(
            executed_at__gte=_day_start(criteria.date_from),
            executed_at__lt=_day_start(criteria.date_to + timedelta(days=1)),
        )
    )
    if criteria.number:
        orders = orders.filter(number__startswith=criteria.number)
    if criteria.care_unit:
        orders = orders.filter(care_unit__kundid=criteria.care_unit)
    lines = OrderLine.objects.filter(order__in=orders)
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
        lines = lines.annotate(
            recipient_last=Coalesce(
                "order__person__last_name",
                "holding__person__last_name",
                "order__care_unit__name",
            ),
            recipient_first=Coalesce(
                "order__person__first_name", "holding__person__first_name"
            ),
        )
    return capped(
        lines.select_related(*RELATED).order_by(*SORTS[criteria.sort]), MAX_ROWS
    )


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


def _text(value):
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
                _text(line.order.prescriber or ""),
                _text(recipient_name(line)),
                *([person.personnummer if person else ""] if with_personnummer else []),
                line.article.article_no,
                _text(line.article.name),
                line.quantity,
                line.delivered_quantity,
                line.get_status_display(),
                _text(payer or ""),
            ]
        )
    return header, rows


def xlsx_bytes(header, rows):
    # Write-only: rows are streamed to the file rather than kept as cells.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rekvirerat"))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(header, rows):
    """Semicolon-separated UTF-8 with a byte order mark: what Excel with
    Swedish settings opens with å, ä, ö intact and the columns split."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [
                value.isoformat() if hasattr(value, "isoformat") else value
                for value in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
