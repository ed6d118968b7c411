"""Öppna som PDF: the confirmation as an A4 PDF that opens in the browser,
with the same content as the page and nothing fetched from the network."""

import pytest
from django.urls import reverse

from core.pdf import NoFetching, html_to_pdf
from tests.pdf import pdf_text

from .placed_helpers import placed_order


@pytest.fixture
def order(prescriber):
    return placed_order(prescriber, door_code="4711", contact_person="Anna Ek")


def test_the_pdf_has_the_centres_header_and_the_confirmations_content(
    client, colleague, order
):
    line = order.lines.select_related("article").get()
    client.force_login(colleague)

    response = client.get(reverse("order_pdf", args=[order.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'inline; filename="order-{order.number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    for shown in [
        "Hjälpmedel Västerbotten",
        "Orderbekräftelse",
        order.number,
        str(order.person),
        order.customer.name,
        line.article.article_no,
        line.delivery_date.isoformat(),
        "4711",
        "Anna Ek",
        "Vanligtvis anländer hjälpmedlet en arbetsdag senare.",
    ]:
        assert shown in text, shown


def test_the_pdf_view_is_logged_on_the_patient(client, prescriber, order):
    from ..aids.recipient_helpers import views_logged

    client.force_login(prescriber)
    client.get(reverse("order_pdf", args=[order.pk]))

    [entry] = views_logged(order.person)
    assert entry.object_id == str(order.pk)


def test_no_url_in_the_html_is_fetched(monkeypatch):
    fetched = []
    original = NoFetching.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(NoFetching, "fetch", spy)

    pdf = html_to_pdf(
        '<img src="https://example.com/tracker.png">'
        '<link rel="stylesheet" href="file:///etc/hostname">'
        "<p>Hej</p>"
    )

    assert "Hej" in pdf_text(pdf)
    assert "https://example.com/tracker.png" in fetched
    assert "file:///etc/hostname" in fetched
    with pytest.raises(OSError):
        NoFetching().fetch("file:///etc/hostname")
