"""The monthly invoicing run (issue 16): one invoice per payer and month.

Rent is charged per day an aid is held with a payer: from delivered_on up
to (not including) returned_on or lost_on, cut where the payer (HoldingPayer
periods, as aids.models.payer_on reads them) or the article's price
(catalog.prices) changes. An aid whose article has a sale price but no
monthly rent on its delivery day is a purchase, charged once in the month
of delivery and never rent; with both, the aid is rented (a rented aid comes
back to be used again, so rent is what the centre charges for it).
Patient fees (Holding.patient_pays, or a payer period without payer) are
left out. Everything is read in a few bulk queries, whatever the number of
holdings; each payer's invoice is written in its own transaction."""

import calendar
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from aids.models import Holding, HoldingPayer
from catalog.prices import price_periods
from core.numbering import case_number
from workorders.models import WorkOrder

from .choices import LineKind
from .coding import coder_for
from .lines import number_lines, write_subtotals
from .models import (
    CheckedMonth,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    invoiced_name,
    to_ore,
    vat_totals,
)

NUMBER_PREFIX = "F"
# pg_advisory_xact_lock's key for writing invoices ("INVO").
LOCK_KEY = 0x494E564F


class InvoiceInconsistent(Exception):
    """An invoice's totals differ from the sum of its lines."""


@dataclass
class Result:
    month: date
    dry_run: bool
    invoices: int = 0
    corrections: int = 0
    lines: int = 0
    total_excl_vat: Decimal = Decimal(0)
    total_vat: Decimal = Decimal(0)
    unchanged: int = 0
    without_payer: int = 0
    errors: list = field(default_factory=list)


def month_bounds(month):
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    return first, first.replace(day=days), days


def payer_segments(holding, periods, first, last):
    """[(payer id, from, to)] of `holding` (a values dict) over first..last,
    as payer_on decides each day: a period lasts until the next one starts,
    and the first one also covers the days before it."""
    if not periods:
        return [(holding["payer_id"], first, last)]
    segments = []
    for index, period in enumerate(periods):
        start = first if index == 0 else max(first, period["valid_from"])
        following = periods[index + 1] if index + 1 < len(periods) else None
        end = last if following is None else following["valid_from"] - timedelta(1)
        end = min(end, last)
        if start > end:
            continue
        if segments and segments[-1][0] == period["payer_id"]:
            # A change to the same payer is no change: one line, rounded once.
            segments[-1] = (period["payer_id"], segments[-1][1], end)
        else:
            segments.append((period["payer_id"], start, end))
    return segments


def held_days(holding, first, last):
    """The first and last day in first..last the aid is held, or None."""
    start = max(holding["delivered_on"], first)
    ends = [last]
    for stop in (holding["returned_on"], holding["lost_on"]):
        if stop is not None:
            ends.append(stop - timedelta(1))
    end = min(ends)
    return (start, end) if start <= end else None


def price_on_day(periods, day):
    for period in periods:
        if period.first_day <= day <= period.last_day:
            return period.price
    return None


def holding_line(holding, kind, **fields):
    return {
        "kind": kind,
        "holding_id": holding["id"],
        "article_id": holding["article_id"],
        "individual_id": holding["individual_id"],
        "person_id": holding["person_id"],
        "care_unit_id": holding["care_unit_id"],
        "customer_id": holding["customer_id"],
        "recipient_name": invoiced_name(
            holding["person__last_name"], holding["person__first_name"]
        ),
        "order_number": holding["order_number"],
        "order_line_position": holding["order_line__position"],
        "work_order_id": None,
        "text": "",
        **fields,
    }


HOLDING_FIELDS = (
    "id",
    "article_id",
    "individual_id",
    "person_id",
    "care_unit_id",
    "customer_id",
    "payer_id",
    # The patient's name as the line keeps it, in the same query.
    "person__last_name",
    "person__first_name",
    "order_number",
    "order_line__position",
    "delivered_on",
    "delivered_quantity",
    "returned_on",
    "lost_on",
)


def compute_month(month, changed=None, payer=None):
    """{payer id: [line dicts]} that `month` should be invoiced with, and
    the number of holdings with rent or purchase but no payer. With
    `changed` (invoicing.changes.Changed), only the lines of its holdings
    and work orders. With `payer` (an id), only the holdings it pays for
    some time are read: its lines are all there, other payers' and the
    count may be partial."""
    first, last, days_in_month = month_bounds(month)
    held = Holding.objects.filter(
        delivered_on__lte=last, delivered_quantity__gt=0, patient_pays=False
    ).filter(
        Q(delivered_on__gte=first)
        | (
            (Q(returned_on__isnull=True) | Q(returned_on__gt=first))
            & (Q(lost_on__isnull=True) | Q(lost_on__gt=first))
        )
    )
    charged = WorkOrder.objects.charged_in(first, last)
    if changed is not None:
        held = held.filter(id__in=changed.holdings)
        charged = charged.filter(
            Q(holding_id__in=changed.holdings) | Q(id__in=changed.work_orders)
        )
    if payer is not None:
        paid = Q(payer_id=payer) | Q(
            pk__in=HoldingPayer.objects.filter(payer_id=payer).values("holding_id")
        )
        held = held.filter(paid)
        charged = charged.filter(holding__in=Holding.objects.filter(paid))
    # Unordered: Holding's ordering sorted 100,000 rows on disk for nothing.
    holdings = list(held.order_by().values(*HOLDING_FIELDS))
    charged = list(
        charged.values(
            "id",
            "holding_id",
            "article_id",
            "individual_id",
            "person_id",
            "care_unit_id",
            "customer_id",
            "person__last_name",
            "person__first_name",
            "completed_at",
            "charge_amount",
            "charge_text",
            "charge_vat_rate",
            "holding__payer_id",
            "holding__patient_pays",
        )
    )
    holding_ids = {h["id"] for h in holdings} | {w["holding_id"] for w in charged}
    periods = {}
    for period in (
        HoldingPayer.objects.filter(holding_id__in=holding_ids)
        .order_by("holding_id", "valid_from")
        .values("holding_id", "payer_id", "valid_from")
    ):
        periods.setdefault(period["holding_id"], []).append(period)
    articles = None if payer is None else {h["article_id"] for h in holdings}
    prices = price_periods(articles, first, last)

    lines = {}
    without_payer = 0
    for holding in holdings:
        article_prices = prices.get(holding["article_id"], [])
        delivered = holding["delivered_on"]
        sale = price_on_day(article_prices, delivered) if delivered >= first else None
        if sale is not None and sale.monthly_rent is None and sale.price is not None:
            new = []
            payer_id = payer_segments(
                holding, periods.get(holding["id"]), delivered, delivered
            )[0][0]
            new.append(
                (
                    payer_id,
                    holding_line(
                        holding,
                        LineKind.PURCHASE,
                        period_from=delivered,
                        period_to=delivered,
                        days=None,
                        quantity=holding["delivered_quantity"],
                        unit_price=sale.price,
                        amount=to_ore(sale.price * holding["delivered_quantity"]),
                        vat_rate=sale.vat_rate,
                    ),
                )
            )
        else:
            new = rent_lines(
                holding,
                periods.get(holding["id"]),
                article_prices,
                first,
                last,
                days_in_month,
            )
        for payer_id, line in new:
            if payer_id is not None:
                lines.setdefault(payer_id, []).append(line)
            elif holding["id"] not in periods:
                # A period without payer is the patient's (egenavgift); a
                # holding without periods or payer is a gap in the data.
                without_payer += 1

    for order in charged:
        if order["holding__patient_pays"]:
            continue
        done = timezone.localdate(order["completed_at"])
        holding = {"payer_id": order["holding__payer_id"]}
        payer_id = payer_segments(
            holding, periods.get(order["holding_id"]), done, done
        )[0][0]
        if payer_id is None:
            without_payer += order["holding_id"] not in periods
            continue
        lines.setdefault(payer_id, []).append(
            {
                "kind": LineKind.WORK_ORDER,
                "holding_id": order["holding_id"],
                "article_id": order["article_id"],
                "individual_id": order["individual_id"],
                "person_id": order["person_id"],
                "care_unit_id": order["care_unit_id"],
                "customer_id": order["customer_id"],
                "recipient_name": invoiced_name(
                    order["person__last_name"], order["person__first_name"]
                ),
                "order_number": "",
                "order_line_position": None,
                "work_order_id": order["id"],
                "text": order["charge_text"],
                "period_from": done,
                "period_to": done,
                "days": None,
                "quantity": 1,
                "unit_price": order["charge_amount"],
                "amount": to_ore(order["charge_amount"]),
                "vat_rate": order["charge_vat_rate"],
            }
        )
    return lines, without_payer


def rent_lines(holding, payer_periods, article_prices, first, last, days_in_month):
    """[(payer id, line)] of one holding's rent in the month: one line per
    stretch of days with the same payer and price."""
    held = held_days(holding, first, last)
    if held is None:
        return []
    quantity = holding["delivered_quantity"]
    result = []
    for payer_id, payer_from, payer_to in payer_segments(holding, payer_periods, *held):
        for period in article_prices:
            start = max(payer_from, period.first_day)
            end = min(payer_to, period.last_day)
            rent = period.price.monthly_rent
            if start > end or rent is None:
                continue
            days = (end - start).days + 1
            result.append(
                (
                    payer_id,
                    holding_line(
                        holding,
                        LineKind.RENT,
                        period_from=start,
                        period_to=end,
                        days=days,
                        quantity=quantity,
                        unit_price=rent,
                        amount=to_ore(rent * quantity * days / days_in_month),
                        vat_rate=period.price.vat_rate,
                    ),
                )
            )
    return result


# What makes two lines the same charge, to compare a month's invoiced lines
# with what it should now be.
KEY_FIELDS = (
    "holding_id",
    "work_order_id",
    "period_from",
    "period_to",
    "unit_price",
    "vat_rate",
)


def line_key(line, kind, sign=1):
    return (
        kind,
        *(line[name] for name in KEY_FIELDS),
        sign * line["quantity"],
        sign * line["amount"],
    )


def in_scope(changed):
    """The invoice lines a run compares: all, or with `changed` those of
    its holdings and work orders, the lines compute_month then gives."""
    if changed is None:
        return Q()
    return Q(holding_id__in=changed.holdings) | Q(work_order_id__in=changed.work_orders)


def invoiced_lines(payer_id, first, changed=None):
    """The lines already invoiced to the payer for the month, net of
    corrections: {key: (count, line dict, original invoice id)}."""
    net = Counter()
    found = {}
    rows = InvoiceLine.objects.filter(
        in_scope(changed), invoice__payer_id=payer_id, invoice__month=first
    ).values()
    for row in rows:
        if row["kind"] == LineKind.CORRECTION:
            sign = -1 if row["amount"] < 0 or row["quantity"] < 0 else 1
            key = line_key(row, row["corrected_kind"], sign)
            net[key] += sign
            original = row["original_invoice_id"]
        else:
            key = line_key(row, row["kind"])
            net[key] += 1
            original = row["invoice_id"]
        found.setdefault(key, (row, original))
    return net, found


# A credit keeps the name the line it credits was invoiced with; a charge
# again has the patient's name now.
LINE_FIELDS = (
    "holding_id",
    "article_id",
    "individual_id",
    "person_id",
    "recipient_name",
    "care_unit_id",
    "customer_id",
    "order_number",
    "order_line_position",
    "work_order_id",
    "text",
    "period_from",
    "period_to",
    "days",
    "quantity",
    "unit_price",
    "amount",
    "vat_rate",
)


def corrections(payer_id, first, expected, changed=None):
    """Credit and re-charge lines that make the month's invoiced lines (in
    `changed`'s scope) what they should now be, each referring to the
    month's original invoice."""
    net, found = invoiced_lines(payer_id, first, changed)
    original_id = (
        Invoice.objects.filter(payer_id=payer_id, month=first, is_correction=False)
        .values_list("id", flat=True)
        .get()
    )
    wanted = Counter(line_key(line, line["kind"]) for line in expected)
    by_key = {line_key(line, line["kind"]): line for line in expected}
    result = []
    for key in (net - wanted).elements():
        row, original = found[key]
        credit = {name: row[name] for name in LINE_FIELDS}
        credit.update(
            quantity=-row["quantity"],
            amount=-row["amount"],
            accounting_cost=row["accounting_cost"],
        )
        result.append(
            {
                **credit,
                "kind": LineKind.CORRECTION,
                "corrected_kind": key[0],
                "original_invoice_id": original,
            }
        )
    for key in (wanted - net).elements():
        line = by_key[key]
        result.append(
            {
                **{name: line[name] for name in LINE_FIELDS},
                "kind": LineKind.CORRECTION,
                "corrected_kind": line["kind"],
                "original_invoice_id": original_id,
            }
        )
    return result


def invoice_month(month, dry_run=False, today=None, changed=None):
    """Invoice `month` (any day of it) to every payer with something to pay:
    a payer not yet invoiced for it gets its invoice; one already invoiced
    gets a correction invoice when the month's charges have changed since,
    and nothing otherwise. With `changed`, only its holdings' and work
    orders' charges are compared (invoicing.changes). Returns a Result; a
    payer whose invoice does not add up is rolled back and named in
    Result.errors. A run that writes records when it read the month."""
    first, _last, _days = month_bounds(month)
    today = today or timezone.localdate()
    result = Result(month=first, dry_run=dry_run)
    # What was read when: changes made after it are the next run's.
    started = database_now() if changed is None else changed.read_at
    lines_by_payer, result.without_payer = compute_month(first, changed)
    if changed is None:
        invoiced = Invoice.objects.filter(month=first, is_correction=False)
        invoiced = set(invoiced.values_list("payer_id", flat=True))
    else:
        # Only the payers charged for what changed can have lines to credit.
        invoiced = InvoiceLine.objects.filter(in_scope(changed), invoice__month=first)
        invoiced = set(invoiced.values_list("invoice__payer_id", flat=True))
    for payer_id in sorted(set(lines_by_payer) | invoiced):
        expected = lines_by_payer.get(payer_id, [])
        try:
            created = write_invoice(payer_id, first, expected, today, dry_run, changed)
        except InvoiceInconsistent as error:
            result.errors.append(str(error))
            continue
        if created is None:
            result.unchanged += 1
            continue
        is_correction, lines = created
        if is_correction:
            result.corrections += 1
        else:
            result.invoices += 1
        result.lines += len(lines)
        for _rate, net, vat in vat_totals(
            (li["vat_rate"], li["amount"]) for li in lines
        ):
            result.total_excl_vat += net
            result.total_vat += vat
    if not dry_run and not result.errors:
        CheckedMonth.objects.update_or_create(
            month=first, defaults={"checked_at": started}
        )
    return result


def database_now():
    """The database's clock, which also stamps the audit trail's events
    that invoicing.changes compares with CheckedMonth."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement_timestamp()")
        return cursor.fetchone()[0]


def write_invoice(payer_id, first, expected, today, dry_run, changed=None):
    """One payer's invoice (or correction invoice) for the month in its own
    transaction under the advisory lock: (is correction, lines), or None
    when there is nothing to add."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        already = Invoice.objects.filter(
            payer_id=payer_id, month=first, is_correction=False
        ).exists()
        if already:
            lines = corrections(payer_id, first, expected, changed)
        else:
            lines = expected
        if not lines:
            return None
        if not dry_run:
            create_invoice(payer_id, first, lines, today, is_correction=already)
        return already, lines


def create_invoice(payer_id, first, lines, today, is_correction):
    totals = vat_totals((line["vat_rate"], line["amount"]) for line in lines)
    net = sum((row[1] for row in totals), Decimal(0))
    vat = sum((row[2] for row in totals), Decimal(0))
    invoice = Invoice.objects.create(
        number=case_number(InvoiceCounter, NUMBER_PREFIX, today),
        payer_id=payer_id,
        month=first,
        is_correction=is_correction,
        invoice_date=today,
        due_date=today + timedelta(days=settings.INVOICE_DUE_DAYS),
        total_excl_vat=net,
        total_vat=vat,
        total_incl_vat=net + vat,
    )
    # A credit line brings the kodsträng of the line it credits.
    code = coder_for(payer_id, lines)
    InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(invoice=invoice, **{"accounting_cost": code(line), **line})
            for line in lines
        ],
        batch_size=2000,
    )
    number_lines(invoice)
    write_subtotals(invoice)
    check_invoice(invoice)
    return invoice


def check_invoice(invoice):
    """Raise InvoiceInconsistent unless the invoice's stored totals and its
    subtotals are the sum of its lines as the database adds them."""
    lines = invoice.lines.values_list("vat_rate", "amount")
    totals = vat_totals(lines)
    net = sum((row[1] for row in totals), Decimal(0))
    vat = sum((row[2] for row in totals), Decimal(0))
    stored = invoice.lines.aggregate(total=Sum("amount"), count=Count("pk"))
    stored_net = stored["total"] or Decimal(0)
    if (net, vat, stored_net) != (invoice.total_excl_vat, invoice.total_vat, net):
        raise InvoiceInconsistent(
            f"{invoice.number}: {invoice.total_excl_vat} + {invoice.total_vat} "
            f"≠ raderna {stored_net} + {vat}"
        )
    subtotals = invoice.subtotals.aggregate(net=Sum("net"), count=Sum("count"))
    if (subtotals["net"] or Decimal(0), subtotals["count"] or 0) != (
        stored_net,
        stored["count"],
    ):
        raise InvoiceInconsistent(
            f"{invoice.number}: delsummorna {subtotals['net']} "
            f"({subtotals['count']} rader) ≠ raderna {stored_net} ({stored['count']})"
        )


def inconsistent_invoices(month):
    """The numbers of the month's invoices whose totals are not their
    lines' sum (InvoiceInconsistent's messages)."""
    first = month.replace(day=1)
    errors = []
    for invoice in Invoice.objects.filter(month=first):
        try:
            check_invoice(invoice)
        except InvoiceInconsistent as error:
            errors.append(str(error))
    return errors
