"""The audit trail in the admin (pghistory's events). An event of a person,
or of their saved details, order, pickup, work order or aid, shows the
person's personnummer, address, phone or door code: every page of it is
access-logged like any other page with a person on it."""

from accounts.admin import PersonsShownAdmin
from accounts.models import Customer
from aids.admin import ProtectedAddressEventsAdmin
from aids.models import Person


def persons_in(events):
    """(person, customer) for each event that carries a person's data: the
    person's own events and those of rows that name a person; the customer
    is the one of the event's order, pickup or work order, if any."""
    found = set()
    for event in events:
        data = event.pgh_data or {}
        if event.pgh_obj_model == Person._meta.label:
            person_id = event.pgh_obj_id
        else:
            person_id = data.get("person_id")
        if person_id:
            found.add((person_id, data.get("customer_id")))
    customers = Customer.objects.in_bulk({customer for _, customer in found} - {None})
    return {
        (Person(pk=person_id), customers.get(customer_id))
        for person_id, customer_id in found
    }


class LoggedEventsAdmin(PersonsShownAdmin, ProtectedAddressEventsAdmin):
    """The audit trail's admin (PGHISTORY_ADMIN_CLASS), access-logged."""

    def persons_shown(self, events):
        return persons_in(events)
