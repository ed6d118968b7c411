"""The demo's invoices: the two months before this one, invoiced by the
monthly run itself, so the payer user (lena.berg) finds last month's invoice
under E-faktura as a payer would on the first working day of a month. Umeå
kommun's kodsträng and coding templates come first, so its lines are coded
(Egna mallar för eFaktura)."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Payer
from invoicing.choices import LineKind
from invoicing.models import CodingSegment, CodingTemplate
from invoicing.pdf_files import render_missing
from invoicing.services import invoice_month

CODING_PAYER = "10001"
# (name, length, digits only) in the kodsträng's order.
SEGMENTS = [
    ("konto", 4, True),
    ("ansvar", 6, True),
    ("verksamhet", 4, True),
    ("projekt", 5, False),
]
# (name, position, criteria, values by segment name); position 0 is the default.
TEMPLATES = [
    ("Förflyttning", 1, {"iso_prefix": "12"}, {"konto": "5421", "ansvar": "310100"}),
    ("Köp", 2, {"line_kind": LineKind.PURCHASE}, {"konto": "5460", "ansvar": "310100"}),
    (
        "Reparationer",
        3,
        {"line_kind": LineKind.WORK_ORDER},
        {"konto": "6410", "ansvar": "310100", "verksamhet": "5110"},
    ),
    ("Hyra", 0, {}, {"konto": "5420", "ansvar": "310100", "verksamhet": "5110"}),
]


def seed_coding():
    payer = Payer.objects.get(betalarid=CODING_PAYER)
    segments = {}
    for position, (name, length, digits_only) in enumerate(SEGMENTS, start=1):
        segments[name], _ = CodingSegment.objects.get_or_create(
            payer=payer,
            position=position,
            defaults={"name": name, "length": length, "digits_only": digits_only},
        )
    for name, position, criteria, values in TEMPLATES:
        CodingTemplate.objects.get_or_create(
            payer=payer,
            name=name,
            defaults={
                "position": position,
                "is_default": position == 0,
                "values": {str(segments[s].pk): v for s, v in values.items()},
                **criteria,
            },
        )


def seed_invoices():
    seed_coding()
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month_before = (last_month - timedelta(days=1)).replace(day=1)
    # invoice_month is idempotent: a second seed adds nothing.
    for month in (month_before, last_month):
        result = invoice_month(month)
        if result.errors:
            raise RuntimeError("; ".join(result.errors))
    # As production does after the run: the PDFs are made and kept, so the
    # demo's downloads serve stored files.
    rendered = render_missing()
    if rendered.errors:
        raise RuntimeError("; ".join(rendered.errors))
