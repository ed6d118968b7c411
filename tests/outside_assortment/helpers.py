"""What the request tests, and the site-wide ones, share."""

import uuid

from aids.recipients import Recipient
from outside_assortment.services import submit_request


def make_request(user, person, **fields):
    """A request sent the way the form sends one."""
    values = {
        "token": uuid.uuid4(),
        "user": user,
        "recipient": Recipient(person=person),
        "customer": user.customers.first(),
        "reason": "Badkarets kant är för hög för sortimentets lyftar.",
        **fields,
    }
    return submit_request(**values)
