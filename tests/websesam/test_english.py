"""English beside Swedish (issue 17): every page a prescriber sees is
English for a user who chose English and Swedish for everyone else, the
choice is kept on the account, and the mails and PDFs made for such a user
are English too.

The pages are every named URL pattern outside the admin, with the data of
the access-log test (one person with an aid, an order, a draft, a work
order, a pickup, a BMB, a deviation, files, messages, an invoice), plus
every help topic. What the database holds (names, article names, notes) is
data, not UI, and is taken out of the text before it is searched."""

import html
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from accounts.services import send_activation_email
from notices.models import Message, MessageKind
from orders.services import change_delivery_date
from pickups.services import cancel_pickup
from tests.factories import UserFactory
from tests.orders.admin_helpers import registered_order
from tests.orders.placed_helpers import placed_order
from tests.orders.upload_files import media_root  # noqa: F401
from tests.pdf import pdf_text
from tests.websesam.overview_helpers import at, pickup, work_order
from tests.websesam.test_access_log_coverage import urls, world  # noqa: F401
from workorders.choices import WorkOrderStatus
from workorders.services import change_status

pytestmark = pytest.mark.django_db

# UI words, as whole words, that an English page must not show. The
# project's proper names (Hjälpmedel Västerbotten, webSesam, BMB, CFR) and
# the data are removed first.
SWEDISH = [
    "Beställning",
    "Beställ",
    "Hjälpmedel",
    "Hjälpmedlet",
    "Kund",
    "Kunder",
    "Kundorder",
    "Sök",
    "Spara",
    "Avbryt",
    "Tillbaka",
    "Mottagare",
    "Mottagarens",
    "Logga",
    "Avsluta",
    "Verkställ",
    "Fortsätt",
    "Förskrivare",
    "Leveransdatum",
    "Artikel",
    "Antal",
    "Betalare",
    "Vårdenhet",
    "Personnummer",
    "Hämtorder",
    "Arbetsorder",
    "Avvikelse",
    "Meddelanden",
    "Startsida",
    "Varukorg",
    "Hjälp",
    "Skriv ut",
    "Visa",
    "Ta bort",
    "Lägg till",
    "Välj",
    "Ange",
    "Inga",
    "Ingen",
    "Inget",
    "och",
    "för",
    "till",
    "från",
    "med",
    "eller",
    "inte",
    "är",
    "har",
    "av",
    "på",
    "som",
    "ett",
    "en",
    "du",
    "din",
    "dina",
]
# The reverse: English UI words on a Swedish page. Not "Order", which is
# Swedish too (Kundorder, Makulera order), nor "Status", "Export" or the
# key Enter.
ENGLISH = [
    "Save",
    "Search",
    "Cancel",
    "Delete",
    "Remove",
    "Back",
    "Continue",
    "Execute",
    "Customer",
    "Recipient",
    "Prescriber",
    "Delivery",
    "Article",
    "Quantity",
    "Payer",
    "Care unit",
    "Log out",
    "Log in",
    "Help",
    "Print",
    "Show",
    "Choose",
    "the",
    "and",
    "for",
    "with",
    "your",
    "you",
    "of",
    "is",
    "not",
]
# Proper names in either language: the centre, the system, the register.
NAMES = re.compile(r"Hjälpmedel Västerbotten(s)?|webSesam|Läkemedelsverket")
ENGLISH_LANGUAGE_NAME = re.compile(r"\bEnglish\b")


def words(listed):
    return re.compile(r"(?<!\w)(" + "|".join(listed) + r")(?!\w)")


def stored_values():
    """Every text the database holds (shorter ones, as 'en', would take
    words out of the UI's sentences): data, whatever the language."""
    values = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in settings.INSTALLED_APPS:
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and not field.choices
        ]
        for row in model._default_manager.values_list(*fields) if fields else []:
            values.update(str(value) for value in row if value and len(value) > 3)
    return sorted(values, key=len, reverse=True)


def visible_text(content, data):
    """What a reader sees or hears: the text without tags, scripts and
    styles, plus the attributes read aloud; without the data."""
    text = re.sub(r"(?s)<(script|style|textarea)\b.*?</\1>", " ", content)
    spoken = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', text)
    text = re.sub(r"(?s)<[^>]+>", " ", text) + " " + " ".join(spoken)
    text = html.unescape(text)
    for value in data:
        text = text.replace(value, " ")
    text = NAMES.sub(" ", text)
    # Addresses, e-mail addresses and the language switch's own name.
    text = re.sub(r"\S+@\S+|(?<!\S)/\S*", " ", text)
    return re.sub(r"\s+", " ", text)


def found(pattern, text):
    return sorted(
        {text[max(0, m.start() - 40) : m.end() + 40] for m in pattern.finditer(text)}
    )


def help_urls():
    for path in sorted(Path(settings.BASE_DIR, "templates/help/topics").glob("*.html")):
        yield f"help {path.stem}", reverse("help", args=[path.stem])


def prescriber_pages(world, staff):  # noqa: F811
    for name, url in [*urls(world, staff), *help_urls()]:
        if not url.startswith("/admin/"):
            yield name, url


def page_text(response, data):
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return visible_text(response.text, data)
    if kind.startswith("application/pdf") and not response.streaming:
        return visible_text(html.escape(pdf_text(response.content)), data)
    return None


def leaks(client, world, staff, pattern):  # noqa: F811
    data = stored_values()
    leaked = {}
    checked = set()
    for name, url in prescriber_pages(world, staff):
        response = client.get(url)
        assert response.status_code < 500, url
        # Invoices stay Swedish whoever opens them (invoicing.pdf).
        if response.status_code != 200 or name == "invoicing:invoice_pdf":
            continue
        text = page_text(response, data)
        if text is None:
            continue
        checked.add(name)
        if hits := found(pattern, text):
            leaked[url] = hits
    return leaked, checked


def client_in(user, language):
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def checked_at_least():
    return {
        "start",
        "my_details",
        "order_index",
        "order_lines",
        "order_delivery",
        "order_detail",
        "order_pdf",
        "recipient_aids",
        "individual_card",
        "workorder_detail",
        "pickup_detail",
        "transfer_detail",
        "transfer_pdf",
        "deviation_detail",
        "lost_report_detail",
        "invoicing:invoice_detail",
        "help general",
        "help order_lines",
    }


def test_every_prescriber_page_is_english_for_a_user_who_chose_it(
    world,  # noqa: F811
    prescriber,
    staff,
    checked_at_least,
):
    client = client_in(prescriber, "en")

    leaked, checked = leaks(client, world, staff, words(SWEDISH))

    assert leaked == {}
    assert checked_at_least <= checked


def test_every_prescriber_page_stays_swedish_by_default(
    world,  # noqa: F811
    prescriber,
    staff,
    checked_at_least,
):
    client = client_in(prescriber, "")

    leaked, checked = leaks(client, world, staff, words(ENGLISH))

    assert leaked == {}
    assert checked_at_least <= checked


def test_the_browser_language_does_not_turn_the_pages_english(client, prescriber):
    client.force_login(prescriber)

    page = client.get(reverse("start"), headers={"accept-language": "en-GB,en"})

    assert '<html lang="sv">' in page.text
    assert "Startsida" in page.text or "Översikt" in page.text


def switch(client, language, next_url="/"):
    return client.post(
        reverse("set_language"), {"language": language, "next": next_url}
    )


def test_the_switch_is_kept_on_the_account_across_sessions(client, prescriber):
    prescriber.set_password("en lång lösenfras för testet")
    prescriber.save()
    client.force_login(prescriber)
    page = client.get(reverse("my_details"))
    assert '<html lang="sv">' in page.text
    assert ENGLISH_LANGUAGE_NAME.search(page.text)

    response = switch(client, "en", reverse("my_details"))

    assert response.status_code == 302
    assert response.url == reverse("my_details")
    prescriber.refresh_from_db()
    assert prescriber.language == "en"
    assert '<html lang="en">' in client.get(reverse("my_details")).text
    # A new browser without the cookie: the account decides, from the login on.
    other = Client()
    login = other.post(
        reverse("login"),
        {"username": prescriber.username, "password": "en lång lösenfras för testet"},
        follow=True,
    )
    assert '<html lang="en">' in login.text
    assert "Your details" in other.get(reverse("my_details")).text

    switch(other, "sv")

    prescriber.refresh_from_db()
    assert prescriber.language == "sv"
    assert "Dina uppgifter" in other.get(reverse("my_details")).text


def test_a_visitor_switches_with_the_cookie_and_a_bad_choice_changes_nothing(client):
    assert '<html lang="sv">' in client.get(reverse("login")).text

    switch(client, "en", reverse("login"))

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.text
    assert "Log in" in page.text

    response = switch(client, "xx", "https://elsewhere.example/")

    assert response.url == reverse("start")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_a_user_who_must_change_password_may_switch_language(client, prescriber):
    prescriber.must_change_password = True
    prescriber.save()
    client.force_login(prescriber)

    switch(client, "en", reverse("password_change"))

    prescriber.refresh_from_db()
    assert prescriber.language == "en"
    assert "Change password" in client.get(reverse("password_change")).text


def test_a_message_mailed_to_a_user_who_chose_english_is_english(
    prescriber, staff, time_machine, django_capture_on_commit_callbacks
):
    at(time_machine, date(2026, 3, 4))
    prescriber.language = "en"
    prescriber.email_notifications = [MessageKind.DELIVERY_DATE]
    prescriber.save()
    order = registered_order(prescriber)

    # Customer service works in Swedish; the prescriber reads English.
    with django_capture_on_commit_callbacks(execute=True):
        change_delivery_date(order.lines.first(), date(2026, 3, 20), "Sen", staff)

    [sent] = mail.outbox
    assert sent.subject == f"New delivery date for order {order.number}"
    assert "Read more in webSesam" in sent.body
    message = Message.objects.get(recipient=prescriber)
    assert message.body.startswith("Article ")
    assert "will be delivered 2026-03-20 instead of" in message.body


def test_a_work_order_and_a_pickup_message_follow_the_prescribers_choice(
    prescriber, staff
):
    """Their texts are made lazily by the caller and formatted in the
    prescriber's language (pickups, workorders)."""
    prescriber.language = "en"
    prescriber.save()

    cancel_pickup(pickup(prescriber), staff)
    change_status(work_order(prescriber), WorkOrderStatus.CANCELLED, staff)

    subjects = set(
        Message.objects.filter(recipient=prescriber).values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    assert all(
        re.fullmatch(r"(Pickup|Work) order \S+ has been cancelled", subject)
        for subject in subjects
    ), subjects


def test_a_message_to_a_user_without_a_choice_stays_swedish(
    prescriber, staff, time_machine
):
    at(time_machine, date(2026, 3, 4))
    order = registered_order(prescriber)

    with translation.override("en"):
        change_delivery_date(order.lines.first(), date(2026, 3, 20), "Sen", staff)

    message = Message.objects.get(recipient=prescriber)
    assert message.subject == f"Nytt leveransdatum för order {order.number}"


def test_the_activation_mail_is_in_the_new_users_language():
    user = UserFactory(language="en", email="new@example.se")

    send_activation_email(user)

    [sent] = mail.outbox
    assert sent.subject == "Your account in webSesam"
    assert "Choose your password using the link below" in sent.body


def test_the_password_reset_mail_is_in_the_accounts_language(client):
    user = UserFactory(language="en", email="reset@example.se")

    client.post(reverse("password_reset"), {"email": user.email})

    [sent] = mail.outbox
    assert sent.subject == "New password for webSesam"
    assert "Choose a new password" in sent.body


def test_the_order_pdf_is_english_for_a_user_who_chose_english(prescriber):
    order = placed_order(prescriber)
    client = client_in(prescriber, "en")

    text = pdf_text(client.get(reverse("order_pdf", args=[order.pk])).content)

    assert "Recipient" in text
    assert "Mottagare" not in text


def test_english_pages_keep_swedish_formats():
    """Decided: ISO dates and a decimal comma in both languages, as the
    amounts are kronor and the printouts and files are shared."""
    with translation.override("en"):
        assert formats.number_format(1234.5, 2, force_grouping=True) == "1\xa0234,50"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
