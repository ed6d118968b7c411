import pytest

from tests.factories import ArticleFactory, PersonFactory

from .helpers import make_request


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Karin", last_name="Berg")


@pytest.fixture
def bath_lift(db):
    """An article outside the assortment."""
    return ArticleFactory(
        article_no="55555", name="Badkarslyft Aquatec", in_assortment=False
    )


@pytest.fixture
def outside_request(prescriber, person, bath_lift):
    return make_request(prescriber, person, article=bath_lift)


@pytest.fixture
def logged_in(client, prescriber):
    client.force_login(prescriber)
    return client
