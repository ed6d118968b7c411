import pytest

from tests.factories import CustomerFactory

from .helpers import link_token, submit


@pytest.fixture
def customers(db):
    return [
        CustomerFactory(kundid="24001", name="Hemtjänst Ålidhem"),
        CustomerFactory(kundid="24002", name="Hemsjukvård Holmsund"),
    ]


@pytest.fixture
def application(customers, django_capture_on_commit_callbacks, mailoutbox):
    return submit(customers, django_capture_on_commit_callbacks)


@pytest.fixture
def token(application, mailoutbox):
    [mail] = mailoutbox
    return link_token(mail)
