"""Customer service's side: approved applications in the admin, and the one
action that creates the account with its customers and mails the link."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from access_requests import services
from access_requests.choices import RequestStatus
from accounts.models import Authorisation, User
from tests.factories import UserFactory

from .helpers import submit

LIST_URL = reverse("admin:access_requests_accessrequest_changelist")


def create(client, *applications):
    return client.post(
        LIST_URL,
        {
            "action": "create_accounts",
            "_selected_action": [each.pk for each in applications],
        },
        follow=True,
    )


def test_the_list_shows_an_approved_application(staff_client, application, token):
    services.decide(token, approve=True, ip="192.0.2.7")
    page = staff_client.get(LIST_URL, {"status__exact": RequestStatus.APPROVED})
    assert list(page.context["cl"].result_list) == [application]
    assert "Godkänd av chef" in page.text
    assert "Skapa konto och skicka aktiveringslänk" in page.text
    change = staff_client.get(
        reverse("admin:access_requests_accessrequest_change", args=[application.pk])
    )
    assert change.status_code == 200
    assert "Hemtjänst Ålidhem" in change.text


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_reads_a_constant_number_of_queries(
    staff_client,
    customers,
    count,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    for n in range(count):
        submit(
            customers,
            django_capture_on_commit_callbacks,
            email=f"a{n}@region.se",
            ip=f"10.0.2.{n}",
        )
    with django_assert_max_num_queries(12):
        staff_client.get(LIST_URL)


def test_the_action_creates_the_account_and_mails_the_activation_link(
    staff_client,
    application,
    token,
    customers,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    services.decide(token, approve=True, ip="192.0.2.7")
    with django_capture_on_commit_callbacks(execute=True):
        page = create(staff_client, application)
    assert "1 konto skapat" in page.text
    account = User.objects.get(email="ada.lind@region.se")
    assert set(
        Authorisation.objects.filter(user=account).values_list(
            "customer__kundid", flat=True
        )
    ) == {"24001", "24002"}
    assert (account.title, account.hsa_id) == ("Arbetsterapeut", "SE2321000222-abcd")
    activation = mailoutbox[-1]
    assert activation.to == ["ada.lind@region.se"]
    assert "Ditt konto i webSesam" in activation.subject
    application.refresh_from_db()
    assert application.status == RequestStatus.ACCOUNT_CREATED


def test_the_action_refuses_in_swedish(staff_client, application):
    page = create(staff_client, application)
    assert "inte godkänd av chefen" in page.text
    assert not User.objects.filter(email="ada.lind@region.se").exists()


def test_only_staff_who_may_add_users_have_the_action(client, application):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_accessrequest"))
    client.force_login(viewer)
    page = client.get(LIST_URL)
    assert page.status_code == 200
    assert "Skapa konto och skicka aktiveringslänk" not in page.text
