"""Events for the start page's tests: each made through its service, as
customer service makes it, so each leaves its message."""

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from aids.choices import AddressChoice
from orders.models import OrderLine
from orders.services import change_delivery_date, ship_line
from pickups.models import PickupReason
from pickups.services import close_pickup, create_pickup
from tests.factories import HoldingFactory, IndividualFactory, PersonFactory
from tests.orders.admin_helpers import registered_order
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.services import change_status, create_work_order

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(time_machine, day, hour=10):
    time_machine.move_to(datetime(*day.timetuple()[:3], hour, tzinfo=STOCKHOLM))


def work_order(user):
    holding = HoldingFactory(
        person=PersonFactory(),
        article__individually_marked=True,
        individual=IndividualFactory(),
        customer=user.customers.first(),
        prescriber=user,
    )
    return create_work_order(
        token=uuid.uuid4(),
        user=user,
        holding=holding,
        kind=WorkOrderKind.REPAIR,
        customer=user.customers.first(),
        address_choice=AddressChoice.RECIPIENT,
        address=("Karin Berg", "Skolgatan 12", "903 25", "Umeå"),
        phone="070-123 45 67",
        description="Bromsen tar inte.",
    )


def completed_work_order(user, staff):
    done = work_order(user)
    change_status(done, WorkOrderStatus.IN_PROGRESS, staff)
    return change_status(done, WorkOrderStatus.COMPLETED, staff)


def pickup(user):
    person = PersonFactory()
    holding = HoldingFactory(person=person)
    return create_pickup(
        uuid.uuid4(),
        user,
        person,
        user.customers.first(),
        holding_ids=[holding.pk],
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )


def closed_pickup(user, staff):
    return close_pickup(pickup(user), staff)


def delayed_order(user):
    order = registered_order(user)
    OrderLine.objects.filter(order=order).update(delivery_date=date(2026, 3, 3))
    return order


def new_delivery_date(order, staff, day=date(2026, 3, 20)):
    change_delivery_date(order.lines.first(), day, "Leverantören är sen.", staff)


def delivered_order(user, staff):
    """An order whose every line customer service has shipped."""
    order = registered_order(user)
    for line in order.lines.all():
        ship_line(line, line.quantity, staff)
    order.refresh_from_db()
    return order
