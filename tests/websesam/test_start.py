import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import MessageFactory, NewsFactory


def rows(html):
    return re.findall(r"<tr[^>]*>.*?</tr>", html, flags=re.DOTALL)


def row_with(html, text):
    [row] = [row for row in rows(html) if text in row]
    return row


@pytest.fixture
def now():
    return timezone.now()


def test_it_requires_login(client, db):
    response = client.get(reverse("start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_shows_only_current_news(client, prescriber, now):
    NewsFactory(title="Utan slutdatum", valid_from=now - timedelta(days=1))
    NewsFactory(
        title="Slutar i morgon",
        valid_from=now - timedelta(days=1),
        valid_until=now + timedelta(days=1),
    )
    NewsFactory(
        title="Slutade i går",
        valid_from=now - timedelta(days=3),
        valid_until=now - timedelta(days=1),
    )
    NewsFactory(title="Börjar i morgon", valid_from=now + timedelta(days=1))
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert response.status_code == 200
    assert "Utan slutdatum" in response.text
    assert "Slutar i morgon" in response.text
    assert "Slutade i går" not in response.text
    assert "Börjar i morgon" not in response.text


def test_it_says_when_there_is_no_news(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert "Inga aktuella meddelanden." in response.text
    assert "Du har inga personliga meddelanden." in response.text


def test_it_lists_the_users_messages_newest_first(client, prescriber, now):
    MessageFactory(
        recipient=prescriber, subject="Äldst", created_at=now - timedelta(days=2)
    )
    MessageFactory(recipient=prescriber, subject="Nyast", created_at=now)
    MessageFactory(
        recipient=prescriber, subject="Mellan", created_at=now - timedelta(days=1)
    )
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    text = response.text
    assert text.index("Nyast") < text.index("Mellan") < text.index("Äldst")


def test_it_marks_unread_messages_in_class_and_text(client, prescriber, now):
    MessageFactory(recipient=prescriber, subject="Inte läst än")
    MessageFactory(recipient=prescriber, subject="Redan läst", read_at=now)
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    unread = row_with(response.text, "Inte läst än")
    assert 'class="unread"' in unread
    assert "Oläst" in unread
    read = row_with(response.text, "Redan läst")
    assert "unread" not in read
    assert "Läst" in read
    assert "Oläst" not in read


def test_it_links_each_message_and_offers_to_delete_it(client, prescriber):
    message = MessageFactory(recipient=prescriber, subject="Arbetsorder avslutad")
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    row = row_with(response.text, "Arbetsorder avslutad")
    assert f'href="{reverse("message_detail", args=[message.pk])}"' in row
    # Ta bort asks on a page of its own before anything is deleted.
    assert f'href="{reverse("message_delete", args=[message.pk])}"' in row
    assert 'method="post"' not in row


def test_it_does_not_show_someone_elses_messages(client, prescriber, colleague):
    MessageFactory(recipient=colleague, subject="Till kollegan")
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert "Till kollegan" not in response.text


def test_it_is_not_cached(client, prescriber):
    client.force_login(prescriber)

    response = client.get(reverse("start"))

    assert "no-store" in response["Cache-Control"]


def test_its_query_count_does_not_grow_with_messages_and_news(
    client, prescriber, django_assert_num_queries
):
    MessageFactory(recipient=prescriber)
    NewsFactory()
    client.force_login(prescriber)
    client.get(reverse("start"))  # the first request after login starts the session
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("start"))
    assert response.status_code == 200

    MessageFactory.create_batch(49, recipient=prescriber)
    NewsFactory.create_batch(49)

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("start"))
    assert response.text.count('class="unread"') == 50
    assert response.text.count('class="card mb-3"') == 50
