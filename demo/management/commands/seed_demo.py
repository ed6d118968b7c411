"""Demo data for trying websesam locally. Idempotent: running it again
restores the same state (demo passwords included)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.choices import CustomerKind
from accounts.models import Authorisation, Customer, Payer, User
from demo.aids import seed_aids
from demo.catalog import seed_catalog
from demo.orders import seed_orders
from demo.pickups import seed_pickups
from demo.stock import seed_stock
from demo.workorders import seed_work_orders
from notices.models import Message, News

PAYERS = [
    ("10001", "Umeå kommun, äldreomsorgen"),
    ("10002", "Skellefteå kommun, socialtjänsten"),
    ("20001", "Region Västerbotten, hälso- och sjukvård"),
]

CUSTOMERS = [
    # kundid, name, street, postal code, city, phone, kind, default payer
    (
        "41001",
        "Hemtjänst Ersboda",
        "Ersbodavägen 12",
        "906 20",
        "Umeå",
        "090-16 10 00",
        CustomerKind.MUNICIPALITY,
        "10001",
    ),
    (
        "41002",
        "Hemsjukvård Ålidhem",
        "Tvistevägen 4",
        "907 36",
        "Umeå",
        "090-16 20 00",
        CustomerKind.MUNICIPALITY,
        "10001",
    ),
    (
        "52001",
        "Rehab Skellefteå kommun",
        "Storgatan 40",
        "931 31",
        "Skellefteå",
        "0910-73 50 00",
        CustomerKind.MUNICIPALITY,
        "10002",
    ),
    (
        "60101",
        "NUS Arbetsterapi",
        "Daniel Naezéns väg",
        "907 37",
        "Umeå",
        "090-785 00 00",
        CustomerKind.REGION,
        "20001",
    ),
    (
        "60102",
        "Lycksele lasarett, rehab",
        "Lasarettsvägen 1",
        "921 82",
        "Lycksele",
        "0950-393 00",
        CustomerKind.REGION,
        "20001",
    ),
]

# username, first name, last name, password, staff, customers
USERS = [
    ("anna.lind", "Anna", "Lind", "rollator-och-kaffe-26", False, ["41001", "41002"]),
    ("per.oberg", "Per", "Öberg", "rullstol-och-te-2026", False, ["60101"]),
    ("maria.astrom", "Maria", "Åström", "hjalpmedel-i-norr-26", False, ["52001"]),
    ("kundtjanst", "Karin", "Kundtjänst", "kundtjanst-vasterbotten", True, []),
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
        "Ändrat leveransdatum",
        "Leveransdatum för en av dina beställningar har ändrats. "
        "Kontakta kundtjänst om det inte passar.",
        0,
        False,
    ),
    (
        "Arbetsorder avslutad",
        "Reparationen av rullstolen är klar och levererad.",
        3,
        True,
    ),
]


class Command(BaseCommand):
    help = (
        "Load demo payers, customers, users, news, messages, the catalogue "
        "and stock (idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        payers = {
            betalarid: Payer.objects.update_or_create(
                betalarid=betalarid, defaults={"name": name}
            )[0]
            for betalarid, name in PAYERS
        }
        customers = {}
        for kundid, name, street, postal_code, city, phone, kind, payer in CUSTOMERS:
            customers[kundid] = Customer.objects.update_or_create(
                kundid=kundid,
                defaults={
                    "name": name,
                    "street": street,
                    "postal_code": postal_code,
                    "city": city,
                    "phone": phone,
                    "kind": kind,
                    "default_payer": payers[payer],
                },
            )[0]
        for username, first_name, last_name, password, staff, kundids in USERS:
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
                Authorisation.objects.get_or_create(
                    user=user, customer=customers[kundid]
                )
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
        articles = seed_catalog()
        seed_stock(articles)
        patient = seed_aids(articles, [kundid for kundid, *_ in CUSTOMERS])
        seed_orders(articles, patient)
        seed_pickups(patient)
        seed_work_orders(patient)
        self.print_logins()
        self.stdout.write(
            f"Demo patient: {patient.personnummer} {patient.first_name} "
            f"{patient.last_name} (search it in Hjälpmedel or CFR)"
        )
        self.stdout.write("")

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Demo logins (http://127.0.0.1:8000):")
        for username, first_name, last_name, password, staff, kundids in USERS:
            role = (
                "customer service, also /admin/"
                if staff
                else "prescriber for " + ", ".join(kundids)
            )
            self.stdout.write(
                f"  {username:<14} {password:<24} {first_name} {last_name} ({role})"
            )
        self.stdout.write("")
