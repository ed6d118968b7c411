from django.urls import reverse


def test_it_requires_login(client, db):
    response = client.get(reverse("manuals"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_renders_the_manual(client, prescriber, settings):
    client.force_login(prescriber)

    response = client.get(reverse("manuals"))

    assert response.status_code == 200
    assert "<h1>Manualer</h1>" in response.text
    assert "Kundid och betalarid" in response.text
    assert settings.CUSTOMER_SERVICE_PHONE in response.text
