import re
import uuid

from access_requests import services

LINK = re.compile(r"https?://\S+/ansok-om-behorighet/beslut/(\S+)/")


def application_data(customers, **changes):
    """What the form sends for a complete application."""
    return {
        "token": str(uuid.uuid4()),
        "first_name": "Ada",
        "last_name": "Lind",
        "title": "Arbetsterapeut",
        "email": "ada.lind@region.se",
        "phone": "090-785 00 00",
        "hsa_id": "SE2321000222-abcd",
        "customers": [customer.kundid for customer in customers],
        "manager_email": "chef@region.se",
        **changes,
    }


def submit(customers, capture, ip="10.0.0.1", **changes):
    """Submit through the service, mailing the manager; the link's token."""
    data = application_data(customers, **changes)
    data["customers"] = list(customers)
    data["token"] = uuid.UUID(data["token"])
    with capture(execute=True):
        application = services.submit(ip=ip, **data)
    return application


def link_token(mail):
    return LINK.search(mail.body).group(1)
