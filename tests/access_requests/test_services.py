"""The services of Ansök om behörighet: submit, the manager's decision by
the link, and the account customer service creates from an approval."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from access_requests import services
from access_requests.choices import RequestStatus
from access_requests.models import AccessRequest
from accounts.models import User
from tests.factories import UserFactory

from .helpers import link_token, submit


def test_submit_mails_the_manager_a_link_whose_token_is_only_hashed(
    application, mailoutbox
):
    [mail] = mailoutbox
    assert mail.to == ["chef@region.se"]
    assert "Ada Lind" in mail.subject
    assert "24001 Hemtjänst Ålidhem" in mail.body
    token = link_token(mail)
    assert application.token_hash == services.hash_token(token)
    assert token not in str(AccessRequest.objects.values().get())
    assert set(application.customers.values_list("kundid", flat=True)) == {
        "24001",
        "24002",
    }
    assert application.created_ip == "10.0.0.1"


def test_the_link_expires_after_the_configured_days(application, settings):
    assert application.link_expires_at - application.created_at == timedelta(
        days=settings.ACCESS_REQUEST_LINK_DAYS
    )


def test_the_same_form_sent_again_makes_and_mails_nothing_more(
    customers, django_capture_on_commit_callbacks, mailoutbox
):
    token = uuid.uuid4()
    first = submit(customers, django_capture_on_commit_callbacks, token=str(token))
    again = submit(customers, django_capture_on_commit_callbacks, token=str(token))
    assert again == first
    assert AccessRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_token_of_another_application_is_refused(
    customers, application, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        submit(
            customers,
            django_capture_on_commit_callbacks,
            token=str(application.pk),
            email="annan@region.se",
        )


def test_submits_are_limited_per_address(
    customers, django_capture_on_commit_callbacks, settings
):
    settings.ACCESS_REQUEST_LIMIT_PER_IP = 2
    for n in range(2):
        submit(customers, django_capture_on_commit_callbacks, email=f"a{n}@region.se")
    with pytest.raises(services.Throttled):
        submit(customers, django_capture_on_commit_callbacks, email="a3@region.se")
    # Another address is not held back by this one's.
    submit(
        customers,
        django_capture_on_commit_callbacks,
        email="a3@region.se",
        ip="10.0.0.2",
    )


def test_submits_are_limited_per_email_address(
    wednesday_morning,
    customers,
    django_capture_on_commit_callbacks,
    settings,
    time_machine,
):
    settings.ACCESS_REQUEST_LIMIT_PER_EMAIL = 2
    for n in range(2):
        submit(customers, django_capture_on_commit_callbacks, ip=f"10.0.1.{n}")
    with pytest.raises(services.Throttled):
        submit(
            customers,
            django_capture_on_commit_callbacks,
            ip="10.0.1.9",
            email="ADA.LIND@region.se",
        )
    time_machine.shift(timedelta(days=1, minutes=1))
    submit(customers, django_capture_on_commit_callbacks, ip="10.0.1.9")


def test_approving_records_the_time_and_address(application, token):
    decided = services.decide(token, approve=True, ip="192.0.2.7", note="Ok.")
    assert decided.status == RequestStatus.APPROVED
    assert decided.decided_ip == "192.0.2.7"
    assert decided.decided_at is not None
    assert decided.decision_note == "Ok."


def test_rejecting(application, token):
    assert (
        services.decide(token, approve=False, ip="192.0.2.7").status
        == RequestStatus.REJECTED
    )


def test_a_link_decides_once(application, token):
    services.decide(token, approve=False, ip="192.0.2.7")
    with pytest.raises(services.LinkRefused, match="redan använts") as refused:
        services.decide(token, approve=True, ip="192.0.2.7")
    assert refused.value.status == 410
    application.refresh_from_db()
    assert application.status == RequestStatus.REJECTED


def test_an_expired_link_decides_nothing(
    wednesday_morning, application, token, time_machine, settings
):
    time_machine.shift(timedelta(days=settings.ACCESS_REQUEST_LINK_DAYS, seconds=1))
    with pytest.raises(services.LinkRefused, match="slutat gälla") as refused:
        services.decide(token, approve=True, ip="192.0.2.7")
    assert refused.value.status == 410


def test_an_unknown_link_is_refused(db):
    with pytest.raises(services.LinkRefused) as refused:
        services.application_for_link("gissat")
    assert refused.value.status == 404


def test_the_account_from_an_approval(
    application, token, staff, customers, django_capture_on_commit_callbacks, mailoutbox
):
    services.decide(token, approve=True, ip="192.0.2.7")
    with django_capture_on_commit_callbacks(execute=True):
        account = services.create_account(application, user=staff)
    assert account.username == "ada.lind@region.se"
    assert (account.first_name, account.last_name) == ("Ada", "Lind")
    assert account.title == "Arbetsterapeut"
    assert account.work_phone == "090-785 00 00"
    assert account.hsa_id == "SE2321000222-abcd"
    assert set(account.customers.all()) == set(customers)
    assert not account.has_usable_password()
    activation = mailoutbox[-1]
    assert activation.to == ["ada.lind@region.se"]
    assert "/konto/aktivera/" in activation.body
    application.refresh_from_db()
    assert application.status == RequestStatus.ACCOUNT_CREATED
    assert application.user == account
    assert application.account_created_by == staff
    with pytest.raises(services.AccountRefused, match="redan skapat"):
        services.create_account(application, user=staff)
    assert User.objects.filter(email="ada.lind@region.se").count() == 1


def test_no_account_without_the_managers_approval(application, staff):
    with pytest.raises(services.AccountRefused, match="inte godkänd"):
        services.create_account(application, user=staff)


def test_no_second_account_for_an_address(application, token, staff):
    UserFactory(email="Ada.Lind@region.se")
    services.decide(token, approve=True, ip="192.0.2.7")
    with pytest.raises(services.AccountRefused, match="finns redan ett konto"):
        services.create_account(application, user=staff)
    application.refresh_from_db()
    assert application.status == RequestStatus.APPROVED


def test_no_account_with_another_users_hsa_id(application, token, staff):
    UserFactory(hsa_id="SE2321000222-abcd")
    services.decide(token, approve=True, ip="192.0.2.7")
    with pytest.raises(services.AccountRefused, match="HSA-id"):
        services.create_account(application, user=staff)
