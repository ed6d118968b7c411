"""Demo data for trying websesam locally. Idempotent: running it again
restores the same state (demo passwords included)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Authorisation, Customer, Payer, PayerAuthorisation, User
from demo.access_requests import seed_access_request
from demo.aids import seed_aids
from demo.catalog import seed_catalog
from demo.deviations import seed_deviations
from demo.invoices import seed_invoices
from demo.loading import load, rows
from demo.lost import seed_lost_report
from demo.orders import seed_basket, seed_orders
from demo.outside import seed_outside_requests
from demo.pickups import seed_pickups
from demo.stock import seed_stock
from demo.transfers import seed_transfers
from demo.workorders import seed_work_orders
from notices.models import Message, News

# username, first name, last name, password, staff, customers, payers
USERS = [
    (
        "anna.lind",
        "Anna",
        "Lind",
        "rollator-och-kaffe-26",
        False,
        ["41001", "41002"],
        [],
    ),
    ("per.oberg", "Per", "Öberg", "rullstol-och-te-2026", False, ["60101"], []),
    ("maria.astrom", "Maria", "Åström", "hjalpmedel-i-norr-26", False, ["52001"], []),
    # The invoice controller of Umeå kommun, who pays for anna.lind's units.
    ("lena.berg", "Lena", "Berg", "faktura-och-kodstrang-26", False, [], ["10001"]),
    ("kundtjanst", "Karin", "Kundtjänst", "kundtjanst-vasterbotten", True, [], []),
]

NEWS = [
    (
        "Välkommen till nya webSesam",
        "webSesam har fått nytt utseende. Funktionerna heter som förut. "
        "Hör av dig till kundtjänst om något saknas.",
    ),
    (
        "Planerat avbrott",
        "webSesam är stängt för underhåll tisdag kl. 06.00–07.00. "
        "Brådskande beställningar görs per telefon till kundtjänst.",
    ),
]

# subject, body, days ago, already read
MESSAGES = [
    (
        "Arbetsorder avslutad",
        "Reparationen av rullstolen är klar och levererad.",
        3,
        True,
    ),
]


class Command(BaseCommand):
    help = (
        "Load demo payers, customers, users, news, messages, the catalogue, "
        "stock, persons and their aids, orders, pickups, work orders and "
        "the last two months' invoices (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # The files in the documented formats, through the importers.
        for kind in ("payers", "customers"):
            load(kind)
        seed_users()
        seed_notices()
        articles = seed_catalog()
        seed_stock()
        care_units = [row["kundid"] for row in rows("customers")]
        patient = seed_aids(articles, care_units)
        seed_orders(articles, patient)
        seed_basket(articles)
        seed_pickups(patient)
        seed_work_orders(patient)
        seed_lost_report(patient)
        seed_transfers(patient)
        seed_deviations(patient)
        seed_outside_requests(patient)
        seed_access_request()
        seed_invoices()
        self.print_logins()
        self.stdout.write(
            f"Demo patient: {patient.personnummer} {patient.first_name} "
            f"{patient.last_name} (search it in Hjälpmedel or CFR)"
        )
        self.stdout.write("")

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Demo logins (http://127.0.0.1:8000):")
        for username, first_name, last_name, password, staff, kundids, payers in USERS:
            if staff:
                role = "customer service, also /admin/"
            elif payers:
                role = "E-faktura for payer " + ", ".join(payers)
            else:
                role = "prescriber for " + ", ".join(kundids)
            self.stdout.write(
                f"  {username:<14} {password:<24} {first_name} {last_name} ({role})"
            )
        self.stdout.write("")


def seed_users():
    """The demo users, with their passwords reset: the users import would
    make them change an initial password at first login."""
    customers = Customer.objects.in_bulk(field_name="kundid")
    payers = Payer.objects.in_bulk(field_name="betalarid")
    for username, first_name, last_name, password, staff, kundids, betalarids in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.se",
                "is_staff": staff,
                "is_superuser": staff,
                "is_active": True,
                "must_change_password": False,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        for kundid in kundids:
            Authorisation.objects.get_or_create(user=user, customer=customers[kundid])
        for betalarid in betalarids:
            PayerAuthorisation.objects.get_or_create(user=user, payer=payers[betalarid])


def seed_notices():
    for title, body in NEWS:
        News.objects.get_or_create(title=title, defaults={"body": body})
    prescriber = User.objects.get(username="anna.lind")
    now = timezone.now()
    for subject, body, days_ago, read in MESSAGES:
        arrived = now - timedelta(days=days_ago)
        Message.objects.get_or_create(
            recipient=prescriber,
            subject=subject,
            defaults={
                "body": body,
                "created_at": arrived,
                "read_at": arrived if read else None,
            },
        )
