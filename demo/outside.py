"""A demo request for an article outside the assortment, for the demo
patient, waiting for the consultant to decide it in the admin. Made through
the service with a fixed token, so seeding again finds it instead of making
another."""

import uuid

from accounts.models import User
from aids.recipients import Recipient
from catalog.models import Article
from outside_assortment.services import submit_request

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000015")


def seed_outside_requests(patient):
    prescriber = User.objects.get(username="anna.lind")
    article = Article.objects.filter(in_assortment=False).order_by("article_no").first()
    if article is None:
        return None
    return submit_request(
        token=TOKEN,
        user=prescriber,
        recipient=Recipient(person=patient),
        customer=prescriber.customers.order_by("kundid").first(),
        article=article,
        reason=(
            "Patienten har prövat sortimentets alternativ utan att kunna använda "
            "dem. Bedömningen finns i journalen."
        ),
    )
