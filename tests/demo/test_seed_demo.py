from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import RequestFactory

from accounts.choices import CustomerKind
from accounts.models import Authorisation, Customer, Payer, User
from invoicing.models import Invoice
from notices.models import Message, News

PRESCRIBERS = {
    "anna.lind": "rollator-och-kaffe-26",
    "per.oberg": "rullstol-och-te-2026",
    "maria.astrom": "hjalpmedel-i-norr-26",
}
STAFF = ("kundtjanst", "kundtjanst-vasterbotten")
PAYER_USER = ("lena.berg", "faktura-och-kodstrang-26")


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Payer, Customer, User, Authorisation, News, Message, Invoice)
    }


def log_in(username, password):
    request = RequestFactory().post("/konto/logga-in/")
    return authenticate(request, username=username, password=password)


def test_it_creates_payers_and_customers_of_both_kinds(seeded):
    assert Payer.objects.exists()
    assert Customer.objects.filter(kind=CustomerKind.MUNICIPALITY).exists()
    assert Customer.objects.filter(kind=CustomerKind.REGION).exists()


def test_the_hospital_units_may_draw_from_their_local_stores(seeded):
    stores = {
        customer.kundid: [store.code for store in customer.local_stores.all()]
        for customer in Customer.objects.prefetch_related("local_stores")
    }

    assert stores["60101"] == ["402"]
    assert stores["60102"] == ["602"]
    assert stores["41001"] == []


@pytest.mark.parametrize(("username", "password"), PRESCRIBERS.items())
def test_demo_prescribers_log_in_with_their_demo_password(seeded, username, password):
    user = log_in(username, password)

    assert user is not None
    assert user.username == username
    assert not user.is_staff
    assert not user.must_change_password
    assert user.customers.exists()


def test_a_wrong_password_does_not_log_in(seeded):
    assert log_in("anna.lind", "fel-lösenord-helt-enkelt") is None


def test_the_staff_user_logs_in_and_is_staff(seeded):
    user = log_in(*STAFF)

    assert user is not None
    assert user.is_staff


def test_it_creates_current_news_and_personal_messages(seeded):
    assert News.objects.current().exists()
    anna = User.objects.get(username="anna.lind")
    assert Message.objects.filter(recipient=anna, read_at__isnull=True).exists()
    assert Message.objects.filter(recipient=anna, read_at__isnull=False).exists()


def test_the_payer_user_sees_the_invoices_of_the_last_two_months(seeded):
    user = log_in(*PAYER_USER)

    assert user is not None
    assert not user.is_staff
    assert not user.customers.exists()
    assert [payer.betalarid for payer in user.payers.all()] == ["10001"]
    invoices = Invoice.objects.visible_to(user)
    assert invoices.exists()
    assert set(invoices.values_list("payer__betalarid", flat=True)) == {"10001"}


def test_it_invoices_two_months_for_every_payer_with_aids(seeded):
    months = sorted(set(Invoice.objects.values_list("month", flat=True)))
    last_month = months[-1]
    invoiced = Invoice.objects.filter(month=last_month, is_correction=False)

    assert len(months) == 2
    assert months[0] == (last_month - timedelta(days=1)).replace(day=1)
    assert invoiced.count() == Payer.objects.count()
    assert all(invoice.lines.exists() for invoice in invoiced)


def test_it_prints_the_logins(seeded):
    for username, password in [*PRESCRIBERS.items(), STAFF, PAYER_USER]:
        assert username in seeded
        assert password in seeded


def test_running_it_twice_gives_the_same_data(seeded):
    before = counts()

    seed()

    assert counts() == before


def test_running_it_again_restores_the_demo_password(seeded):
    anna = User.objects.get(username="anna.lind")
    anna.set_password("ett helt annat lösenord")
    anna.save(update_fields=["password"])

    seed()

    assert log_in("anna.lind", PRESCRIBERS["anna.lind"]) is not None


@pytest.mark.parametrize(
    ("username", "password"), [*PRESCRIBERS.items(), STAFF, PAYER_USER]
)
def test_the_demo_passwords_meet_the_password_policy(seeded, username, password):
    assert validate_password(password, User.objects.get(username=username)) is None
