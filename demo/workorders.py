"""Demo work orders: a repair (Reparation AU) of the demo patient's
delivered wheelchair, registered for customer service to start and complete
in the admin; and a repair completed with a charge last month, which the
demo's invoices carry. Made through the work-order service with fixed
tokens, so seeding again finds them instead of making more."""

import uuid
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from aids.choices import AddressChoice, HistoryKind
from aids.models import IndividualHistory
from pickups.services import current_holdings
from workorders import services
from workorders.choices import WorkOrderKind, WorkOrderStatus
from workorders.models import WorkOrder, WorkOrderStatusChange

TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000013")
CHARGED_TOKEN = uuid.UUID("5eed0000-0000-4000-8000-000000000016")


def seed_work_orders(patient):
    # Not the aid the demo pickup fetches.
    holdings = current_holdings(patient).exclude(pickup_items__open=True)
    wheelchair = holdings.filter(individual__isnull=False).order_by("pk").first()
    if wheelchair is None:
        return None
    work_order = register_repair(
        TOKEN,
        wheelchair,
        "Vänster broms tar inte. Patienten kan inte parkera rullstolen.",
    )
    # Found by its token before choosing an aid: once repaired, the aid the
    # choice below picked may be reported lost or fetched by the demo.
    if not WorkOrder.objects.filter(pk=CHARGED_TOKEN).exists():
        other = holdings.exclude(pk=wheelchair.pk).order_by("pk").first()
        if other is not None:
            seed_charged_repair(other)
    return work_order


def register_repair(token, holding, description):
    prescriber = User.objects.get(username="anna.lind")
    patient = holding.person
    return services.create_work_order(
        token=token,
        user=prescriber,
        holding=holding,
        kind=WorkOrderKind.REPAIR,
        customer=prescriber.customers.order_by("kundid").first(),
        address_choice=AddressChoice.RECIPIENT,
        address=(str(patient), patient.street, patient.postal_code, patient.city),
        phone="070-123 45 67",
        description=description,
    )


def seed_charged_repair(holding):
    """Completed with a charge on the 14th of last month, as customer
    service would have: the date is set afterwards because the service
    completes work orders now."""
    work_order = register_repair(
        CHARGED_TOKEN, holding, "Hjulet glappar och däcket är slitet."
    )
    staff = User.objects.get(username="kundtjanst")
    services.change_status(work_order, WorkOrderStatus.IN_PROGRESS, staff)
    services.change_status(
        work_order,
        WorkOrderStatus.COMPLETED,
        staff,
        "Nytt hjul och däck monterade.",
        charge_amount=Decimal("850.00"),
        charge_text="Byte av hjul och däck",
    )
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(
        day=14
    )
    completed = datetime.combine(
        last_month, time(10), tzinfo=timezone.get_current_timezone()
    )
    registered = completed - timedelta(days=3)
    WorkOrder.objects.filter(pk=work_order.pk).update(
        created_at=registered, completed_at=completed
    )
    for change in work_order.status_changes.all():
        at = registered if change.status == WorkOrderStatus.REGISTERED else completed
        WorkOrderStatusChange.objects.filter(pk=change.pk).update(changed_at=at)
    IndividualHistory.objects.filter(
        individual_id=work_order.individual_id,
        kind=HistoryKind.REPAIRED,
        note__startswith=f"Arbetsorder {work_order.number},",
    ).update(happened_on=last_month)
    return work_order
