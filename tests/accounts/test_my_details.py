"""Dina uppgifter: the user's own details, their customers with default
payers, Verkställ (audited), an e-mail change confirmed by a link to the new
address, and the way to the lists of orders, work orders and pickups."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from accounts.models import PayerAuthorisation
from notices.models import Message
from tests.factories import CustomerFactory, PayerFactory, UserFactory

from .helpers import link_in

pytestmark = pytest.mark.django_db

User = get_user_model()
URL = reverse("my_details")


@pytest.fixture
def payer():
    return PayerFactory(betalarid="71234", name="Hälso- och sjukvård Norr")


@pytest.fixture
def customer(payer):
    return CustomerFactory(
        kundid="45678", name="Hemtjänst Ersboda", default_payer=payer
    )


@pytest.fixture
def prescriber(customer):
    return UserFactory(
        first_name="Karin",
        last_name="Lund",
        email="karin.lund@region.se",
        title="Arbetsterapeut",
        work_phone="090-12 34 56",
        mobile="070-123 45 67",
        customers=[customer],
    )


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client


def details(**changes):
    data = {
        "title": "Arbetsterapeut",
        "work_phone": "090-12 34 56",
        "mobile": "070-123 45 67",
        "email": "karin.lund@region.se",
        # As a new user has it: mailed about overdue baskets only.
        "email_notifications": ["basket_overdue"],
    }
    return data | changes


def change_email(client, email, capture):
    with capture(execute=True):
        return client.post(URL, details(email=email))


def test_it_shows_the_users_own_details_and_customers_with_payers(logged_in, outsider):
    response = logged_in.get(URL)

    assert response.status_code == 200
    text = response.text
    assert "<h1>Dina uppgifter</h1>" in text
    assert "Karin Lund" in text
    for value in (
        "Arbetsterapeut",
        "090-12 34 56",
        "070-123 45 67",
        "karin.lund@region.se",
    ):
        assert f'value="{value}"' in text
    assert "45678" in text
    assert "Hemtjänst Ersboda" in text
    assert "71234 Hälso- och sjukvård Norr" in text
    assert outsider.customer_list[0].name not in text
    assert f'href="{reverse("password_change")}"' in text


def test_it_links_to_the_existing_lists(logged_in):
    text = logged_in.get(URL).text

    for name in ("order_index", "order_report", "workorder_index", "pickup_index"):
        assert f'href="{reverse(name)}"' in text


def test_it_shows_the_users_own_messages_newest_first(logged_in, prescriber):
    other = UserFactory()
    Message.objects.create(recipient=prescriber, subject="Första meddelandet")
    Message.objects.create(recipient=prescriber, subject="Andra meddelandet")
    Message.objects.create(recipient=other, subject="Någon annans meddelande")

    text = logged_in.get(URL).text

    assert 'id="messages-heading"' in text
    assert text.index("Andra meddelandet") < text.index("Första meddelandet")
    assert "Någon annans meddelande" not in text
    [mine] = Message.objects.filter(recipient=prescriber, subject__startswith="F")
    assert f'href="{reverse("message_detail", args=[mine.pk])}"' in text
    assert f'href="{reverse("message_delete", args=[mine.pk])}"' in text


def test_no_messages_says_so(logged_in):
    assert "Du har inga personliga meddelanden." in logged_in.get(URL).text


def test_baskets_and_templates_are_offered_to_users_with_a_local_store(logged_in):
    assert reverse("basket_index") not in logged_in.get(URL).text

    session = logged_in.session
    session["has_local_stores"] = True
    session.save()
    text = logged_in.get(URL).text

    assert f'href="{reverse("basket_index")}"' in text
    assert f'href="{reverse("order_templates")}"' in text


def test_the_menu_offers_dina_uppgifter_on_every_page(logged_in):
    link = f'href="{URL}"'

    assert link in logged_in.get(reverse("start")).text
    assert f'{link} aria-current="page"' in logged_in.get(URL).text


def test_verkstall_saves_title_and_phones_audited(logged_in, prescriber):
    response = logged_in.post(
        URL, details(title="Fysioterapeut", work_phone="", mobile="073-987 65 43")
    )

    assert response.status_code == 302
    assert response.url == URL
    prescriber.refresh_from_db()
    assert prescriber.title == "Fysioterapeut"
    assert prescriber.work_phone == ""
    assert prescriber.mobile == "073-987 65 43"
    [event] = (
        Events.objects.across(User.pgh_event_model)
        .filter(pgh_obj_id=str(prescriber.pk), pgh_label="update")
        .order_by("pgh_id")
    )
    assert event.pgh_diff == {
        "title": ["Arbetsterapeut", "Fysioterapeut"],
        "work_phone": ["090-12 34 56", ""],
        "mobile": ["070-123 45 67", "073-987 65 43"],
    }
    assert "Dina uppgifter är sparade." in logged_in.get(URL).text


def test_an_impossible_phone_number_is_refused_next_to_the_field(logged_in, prescriber):
    response = logged_in.post(URL, details(mobile="12", title="Sjuksköterska"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["mobile"] == [
        "Ange ett svenskt telefonnummer med riktnummer, till exempel "
        "070-123 45 67 eller 090-12 34 56."
    ]
    assert 'id="id_mobile_error"' in response.text
    assert 'value="Sjuksköterska"' in response.text
    assert 'value="12"' in response.text
    prescriber.refresh_from_db()
    assert prescriber.title == "Arbetsterapeut"
    assert prescriber.mobile == "070-123 45 67"


def test_an_invalid_email_is_refused_in_swedish(logged_in):
    response = logged_in.post(URL, details(email="karin@"))

    assert response.context["form"].errors["email"] == [
        "Ange en giltig e-postadress, till exempel namn@region.se."
    ]


def test_a_new_email_takes_effect_only_through_the_link_sent_to_it(
    logged_in, prescriber, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert prescriber.pending_email == "karin.lund@umea.se"
    [mail] = mailoutbox
    assert mail.to == ["karin.lund@umea.se"]
    assert mail.subject == "Bekräfta din nya e-postadress i webSesam"
    page = logged_in.get(URL).text
    assert "Väntar på bekräftelse: karin.lund@umea.se" in page
    assert "Vi har skickat en länk till karin.lund@umea.se" in page

    response = logged_in.get(link_in(mail))

    assert response.url == URL
    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@umea.se"
    assert prescriber.pending_email == ""
    assert "Din e-postadress är nu karin.lund@umea.se." in logged_in.get(URL).text


def test_a_repeated_submit_sends_one_mail(
    logged_in, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1


def test_the_link_can_be_sent_again(
    logged_in, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("email_change_resend"))

    assert [mail.to for mail in mailoutbox] == [["karin.lund@umea.se"]] * 2


def test_an_expired_link_is_refused(
    logged_in,
    prescriber,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(timezone.now(), tick=False)
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    time_machine.shift(timedelta(days=3, minutes=1))
    # The session has long ended: the user logs in again to open the link.
    logged_in.force_login(prescriber)
    logged_in.get(link)

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert "Länken har slutat gälla (den gäller i 3 dagar)." in logged_in.get(URL).text


def test_a_link_opened_on_its_last_day_works(
    logged_in,
    prescriber,
    mailoutbox,
    django_capture_on_commit_callbacks,
    time_machine,
):
    time_machine.move_to(timezone.now(), tick=False)
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    time_machine.shift(timedelta(days=3) - timedelta(minutes=1))
    logged_in.force_login(prescriber)
    logged_in.get(link)

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@umea.se"


def test_another_user_cannot_confirm(
    client,
    logged_in,
    prescriber,
    colleague,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    client.force_login(colleague)
    client.get(link)

    prescriber.refresh_from_db()
    colleague.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert colleague.email != "karin.lund@umea.se"
    assert "Länken hör till en annan användare." in client.get(URL).text


def test_a_link_without_login_asks_to_log_in_first(
    client, logged_in, prescriber, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    client.logout()

    response = client.get(link)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"


def test_a_used_link_is_harmless(
    logged_in, prescriber, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    logged_in.get(link)

    logged_in.get(link)

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@umea.se"
    assert "Din e-postadress är redan bekräftad." in logged_in.get(URL).text


def test_a_link_superseded_by_a_later_change_is_refused(
    logged_in, prescriber, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    change_email(logged_in, "karin@lund.se", django_capture_on_commit_callbacks)
    first, second = (link_in(mail) for mail in mailoutbox)

    logged_in.get(first)

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert "Länken gäller inte längre" in logged_in.get(URL).text

    logged_in.get(second)
    prescriber.refresh_from_db()
    assert prescriber.email == "karin@lund.se"


def test_the_current_address_again_withdraws_a_pending_change(
    logged_in, prescriber, mailoutbox, django_capture_on_commit_callbacks
):
    change_email(logged_in, "karin.lund@umea.se", django_capture_on_commit_callbacks)
    change_email(logged_in, "karin.lund@region.se", django_capture_on_commit_callbacks)

    logged_in.get(link_in(mailoutbox[0]))

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert prescriber.pending_email == ""


def test_a_forged_link_is_refused(logged_in, prescriber):
    logged_in.get(reverse("email_change_confirm", args=["forged:token"]))

    prescriber.refresh_from_db()
    assert prescriber.email == "karin.lund@region.se"
    assert "Länken är felaktig." in logged_in.get(URL).text


def test_the_page_reads_the_same_number_of_queries_for_any_number_of_customers(
    client, prescriber
):
    def queries_of(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    many = UserFactory(
        customers=[CustomerFactory() for _ in range(5)],
        payers=[PayerFactory() for _ in range(5)],
    )

    assert queries_of(prescriber) == queries_of(many)


def test_it_shows_the_payers_whose_invoices_the_user_sees(logged_in, prescriber):
    vindeln = PayerFactory(betalarid="71240", name="Vindelns kommun")
    PayerFactory(betalarid="71250", name="Robertsfors kommun")
    UserFactory(payers=[PayerFactory(betalarid="71260", name="Någon annans")])
    PayerAuthorisation.objects.create(user=prescriber, payer=vindeln)

    text = logged_in.get(URL).text

    assert 'id="payers-heading"' in text
    assert "Betalare vars fakturor du ser" in text
    assert '<th scope="row">71240</th>' in text
    assert "<td>Vindelns kommun</td>" in text
    assert "Robertsfors kommun" not in text
    assert "Någon annans" not in text


def test_a_user_authorised_for_no_payer_sees_no_payer_table(logged_in):
    text = logged_in.get(URL).text

    assert "payers-heading" not in text
    assert "Betalare vars fakturor du ser" not in text
