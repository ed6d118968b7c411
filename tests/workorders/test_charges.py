"""A work order's charge: customer service sets it when completing the work
order (Klarmarkera) and may correct it afterwards (Ändra debitering); the
prescriber's page shows it; invoicing finds a period's charges through
WorkOrder.objects.charged_in."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pghistory.models import Events

from core.vat import VatRate
from notices.models import Message
from workorders.choices import WorkOrderStatus
from workorders.models import WorkOrder
from workorders.services import change_status, correct_charge

from .conftest import make_work_order

IN_PROGRESS = WorkOrderStatus.IN_PROGRESS
COMPLETED = WorkOrderStatus.COMPLETED


@pytest.fixture
def started(work_order, staff):
    return change_status(work_order, IN_PROGRESS, staff)


def complete(work_order, staff, amount=None, text="", vat_rate=VatRate.STANDARD):
    return change_status(
        work_order,
        COMPLETED,
        staff,
        charge_amount=amount,
        charge_text=text,
        charge_vat_rate=vat_rate,
    )


def charge_of(work_order):
    work_order.refresh_from_db()
    return (
        work_order.charge_amount,
        work_order.charge_text,
        work_order.charge_vat_rate,
    )


def field_errors(raised):
    return {field: list(errors) for field, errors in raised.value.message_dict.items()}


# The service


def test_completing_with_a_charge_records_it_with_the_completion(started, staff):
    complete(started, staff, Decimal("450.50"), "  Byte av bromsvajer,\n 2 tim ")
    assert charge_of(started) == (
        Decimal("450.50"),
        "Byte av bromsvajer, 2 tim",
        Decimal("25.00"),
    )
    assert started.status == COMPLETED
    assert started.completed_at is not None
    assert Message.objects.count() == 1


def test_completing_without_a_charge_charges_nothing(started, staff):
    complete(started, staff)
    assert charge_of(started) == (None, "", VatRate.STANDARD)
    assert started.status == COMPLETED


def test_a_zero_charge_and_another_vat_rate(started, staff):
    complete(started, staff, "0", "Garantiärende", VatRate.EXEMPT)
    assert charge_of(started) == (Decimal("0.00"), "Garantiärende", Decimal("0.00"))


@pytest.mark.parametrize(
    ("amount", "text", "vat_rate", "errors"),
    [
        ("-1", "Byte", VatRate.STANDARD, {"charge_amount": ["inte vara negativt"]}),
        ("12.345", "Byte", VatRate.STANDARD, {"charge_amount": ["två decimaler"]}),
        ("1e9", "Byte", VatRate.STANDARD, {"charge_amount": ["för stort"]}),
        ("1e40", "Byte", VatRate.STANDARD, {"charge_amount": ["för stort"]}),
        ("NaN", "Byte", VatRate.STANDARD, {"charge_amount": ["i kronor"]}),
        ("tvåhundra", "Byte", VatRate.STANDARD, {"charge_amount": ["i kronor"]}),
        ("450", "  ", VatRate.STANDARD, {"charge_text": ["vad debiteringen avser"]}),
        ("450", "x" * 201, VatRate.STANDARD, {"charge_text": ["högst 200 tecken"]}),
        (None, "Byte", VatRate.STANDARD, {"charge_amount": ["Ange belopp"]}),
        ("450", "Byte", "7", {"charge_vat_rate": ["momssatserna"]}),
    ],
)
def test_a_wrong_charge_is_refused_and_nothing_is_completed(
    started, staff, amount, text, vat_rate, errors
):
    with pytest.raises(ValidationError) as raised:
        complete(started, staff, amount, text, vat_rate)
    found = field_errors(raised)
    assert set(found) == set(errors)
    for field, parts in errors.items():
        assert all(part in found[field][0] for part in parts), found
    started.refresh_from_db()
    assert started.status == IN_PROGRESS
    assert not Message.objects.exists()


def test_only_completing_takes_a_charge(work_order, staff):
    with pytest.raises(ValidationError, match="Bara en arbetsorder som klarmarkeras"):
        change_status(
            work_order, IN_PROGRESS, staff, charge_amount="100", charge_text="Byte"
        )
    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.REGISTERED


def test_only_staff_charge(started, prescriber):
    with pytest.raises(ValidationError, match="Bara kundtjänst"):
        complete(started, prescriber, "100", "Byte")
    with pytest.raises(ValidationError, match="Bara kundtjänst"):
        correct_charge(started, prescriber, charge_amount="1", charge_text="Byte")


def test_completing_twice_does_not_change_the_charge(started, staff):
    complete(started, staff, "450", "Byte av bromsvajer")
    with pytest.raises(ValidationError, match="kan inte gå från klar till klar"):
        complete(started, staff, "900", "Byte igen")
    assert charge_of(started)[:2] == (Decimal("450.00"), "Byte av bromsvajer")


def test_a_completed_work_orders_charge_is_corrected_and_audited(started, staff):
    complete(started, staff, "450", "Byte av bromsvajer")
    correct_charge(
        started,
        staff,
        charge_amount=Decimal("540.00"),
        charge_text="Byte av bromsvajer, 2 tim",
        charge_vat_rate=VatRate.STANDARD,
    )
    assert charge_of(started)[:2] == (Decimal("540.00"), "Byte av bromsvajer, 2 tim")
    correct_charge(started, staff, charge_amount=None, charge_text="")
    assert charge_of(started) == (None, "", VatRate.STANDARD)

    changes = [
        event.pgh_diff
        for event in Events.objects.across(WorkOrder.pgh_event_model)
        .filter(pgh_obj_id=str(started.pk), pgh_label="update")
        .order_by("pgh_id")
    ]
    assert changes[-2] == {
        "charge_amount": [450.0, 540.0],
        "charge_text": ["Byte av bromsvajer", "Byte av bromsvajer, 2 tim"],
    }
    assert changes[-1] == {
        "charge_amount": [540.0, None],
        "charge_text": ["Byte av bromsvajer, 2 tim", ""],
    }


@pytest.mark.parametrize("path", [[], [IN_PROGRESS], [WorkOrderStatus.CANCELLED]])
def test_only_a_completed_work_order_is_corrected(work_order, staff, path):
    for status in path:
        change_status(work_order, status, staff)
    with pytest.raises(ValidationError, match="är inte klar"):
        correct_charge(work_order, staff, charge_amount="100", charge_text="Byte")
    assert charge_of(work_order)[0] is None


def test_a_correction_is_checked_like_the_first_charge(started, staff):
    complete(started, staff, "450", "Byte av bromsvajer")
    with pytest.raises(ValidationError) as raised:
        correct_charge(started, staff, charge_amount="-5", charge_text="")
    assert set(field_errors(raised)) == {"charge_amount"}
    with pytest.raises(ValidationError) as raised:
        correct_charge(started, staff, charge_amount="5", charge_text="")
    assert set(field_errors(raised)) == {"charge_text"}
    assert charge_of(started)[:2] == (Decimal("450.00"), "Byte av bromsvajer")


def test_the_database_refuses_a_charge_the_services_would(work_order):
    """A charge on a work order not completed, or without a text."""
    for fields in (
        {"charge_amount": Decimal(100), "charge_text": "Byte"},
        {"charge_amount": Decimal(-1), "charge_text": "Byte", "status": COMPLETED},
        {"charge_amount": Decimal(100), "status": COMPLETED},
        {"charge_text": "Byte", "status": COMPLETED},
        {"charge_vat_rate": Decimal(7)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            WorkOrder.objects.filter(pk=work_order.pk).update(**fields)


# The admin


def step_url(work_order, step):
    return reverse("admin:workorders_workorder_step", args=[work_order.pk, step])


def charge_url(work_order):
    return reverse("admin:workorders_workorder_charge", args=[work_order.pk])


def change_url(work_order):
    return reverse("admin:workorders_workorder_change", args=[work_order.pk])


def test_klarmarkera_in_the_admin_with_a_charge(staff_client, staff, started):
    page = staff_client.get(step_url(started, "klar"))
    assert "Belopp exkl. moms (kr)" in page.text
    assert "Debiteringstext" in page.text
    assert "Momssats" in page.text

    response = staff_client.post(
        step_url(started, "klar"),
        {
            "note": "Klart.",
            "charge_amount": "1 250,50",
            "charge_text": "Byte av bromsvajer, 2 tim",
            "charge_vat_rate": "25.00",
        },
    )
    assert response.status_code == 302
    assert charge_of(started) == (
        Decimal("1250.50"),
        "Byte av bromsvajer, 2 tim",
        Decimal("25.00"),
    )
    assert started.status == COMPLETED
    event = (
        Events.objects.across(WorkOrder.pgh_event_model)
        .filter(pgh_obj_id=str(started.pk))
        .order_by("pgh_id")
        .last()
    )
    assert event.pgh_context["user"] == staff.pk

    text = staff_client.get(change_url(started)).text
    assert "1250,50" in text
    assert charge_url(started) in text


@pytest.mark.parametrize(
    ("posted", "field", "error"),
    [
        ({"charge_amount": "-5", "charge_text": "Byte"}, "charge_amount", "negativt"),
        ({"charge_amount": "12,345", "charge_text": "Byte"}, "charge_amount", "två"),
        (
            {"charge_amount": "femtio", "charge_text": "Byte"},
            "charge_amount",
            "i kronor",
        ),
        ({"charge_amount": "450", "charge_text": ""}, "charge_text", "avser"),
        ({"charge_amount": "", "charge_text": "Byte"}, "charge_amount", "Ange belopp"),
        ({"charge_amount": "450", "charge_vat_rate": "7"}, "charge_vat_rate", "moms"),
    ],
)
def test_a_wrong_charge_is_explained_next_to_its_field_and_kept(
    staff_client, started, posted, field, error
):
    response = staff_client.post(
        step_url(started, "klar"), {"note": "Klart.", "charge_text": "", **posted}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert error in form.errors[field][0], form.errors
    for name in ("charge_amount", "charge_text"):
        if posted.get(name):
            assert f'value="{posted[name]}"' in response.text
    started.refresh_from_db()
    assert started.status == IN_PROGRESS


def test_klarmarkera_without_a_charge(staff_client, started):
    response = staff_client.post(
        step_url(started, "klar"), {"note": "", "charge_amount": "", "charge_text": ""}
    )
    assert response.status_code == 302
    assert charge_of(started)[0] is None
    assert started.status == COMPLETED


def test_andra_debitering_in_the_admin(staff_client, staff, started):
    complete(started, staff, "450", "Byte av bromsvajer")
    page = staff_client.get(charge_url(started))
    assert 'value="450,00"' in page.text
    assert "Byte av bromsvajer" in page.text

    refused = staff_client.post(
        charge_url(started),
        {"charge_amount": "540", "charge_text": " ", "charge_vat_rate": "25.00"},
    )
    assert "Skriv vad debiteringen avser." in refused.text
    response = staff_client.post(
        charge_url(started),
        {
            "charge_amount": "540",
            "charge_text": "Byte av bromsvajer, 2 tim",
            "charge_vat_rate": "12.00",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == change_url(started)
    assert f"Arbetsorder {started.number}: debiteringen är sparad." in response.text
    assert charge_of(started) == (
        Decimal("540.00"),
        "Byte av bromsvajer, 2 tim",
        Decimal("12.00"),
    )


def test_andra_debitering_only_on_a_completed_work_order(staff_client, started):
    assert charge_url(started) not in staff_client.get(change_url(started)).text
    response = staff_client.post(
        charge_url(started), {"charge_amount": "100", "charge_text": "Byte"}
    )
    assert response.status_code == 200
    assert "är inte klar och kan inte debiteras" in response.text
    assert charge_of(started)[0] is None


def test_prescribers_do_not_reach_the_charge(client, prescriber, staff, started):
    complete(started, staff, "450", "Byte av bromsvajer")
    client.force_login(prescriber)
    response = client.post(
        charge_url(started), {"charge_amount": "0", "charge_text": "Byte"}
    )
    assert response.status_code == 302
    assert charge_of(started)[0] == Decimal("450.00")


# The prescriber's page


def detail_url(work_order):
    return reverse("workorder_detail", args=[work_order.pk])


def test_the_prescribers_page_shows_the_charge_once_completed(
    client, prescriber, staff, started
):
    client.force_login(prescriber)
    assert "Debitering" not in client.get(detail_url(started)).text

    complete(started, staff, "1250.5", "Byte av bromsvajer, 2 tim")
    text = client.get(detail_url(started)).text
    assert "Debitering" in text
    assert "1\xa0250,50 kr exkl. moms (moms 25 %)" in text
    assert "Byte av bromsvajer, 2 tim" in text


def test_the_prescribers_page_of_one_completed_without_charge(
    client, prescriber, staff, started
):
    complete(started, staff)
    client.force_login(prescriber)
    text = client.get(detail_url(started)).text
    assert "Klar" in text
    assert "Debitering" not in text


# What invoicing charges


def test_charged_in_a_period_in_swedish_time(
    prescriber, staff, wheelchair, time_machine
):
    def made():
        return make_work_order(prescriber, wheelchair)

    def complete_at(work_order, staff, moment, amount=None, text=""):
        time_machine.move_to(moment, tick=False)
        change_status(work_order, IN_PROGRESS, staff)
        return complete(work_order, staff, amount, text)

    # 23:30 UTC on 31 October is 00:30 on 1 November in Stockholm.
    first_minute = complete_at(
        made(), staff, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "100", "A"
    )
    # 22:59 UTC on 30 November is 23:59 that day in Stockholm.
    last_minute = complete_at(
        made(), staff, datetime(2026, 11, 30, 22, 59, tzinfo=UTC), "0", "B"
    )
    october = complete_at(
        made(), staff, datetime(2026, 10, 31, 22, 30, tzinfo=UTC), "100", "C"
    )
    december = complete_at(
        made(), staff, datetime(2026, 11, 30, 23, 0, tzinfo=UTC), "100", "D"
    )
    complete_at(made(), staff, datetime(2026, 11, 15, 12, tzinfo=UTC))
    corrected = complete_at(made(), staff, datetime(2026, 11, 15, 12, tzinfo=UTC))
    correct_charge(corrected, staff, charge_amount="75", charge_text="E")
    removed = complete_at(
        made(), staff, datetime(2026, 11, 16, 12, tzinfo=UTC), "100", "F"
    )
    correct_charge(removed, staff, charge_amount=None, charge_text="")
    change_status(made(), WorkOrderStatus.CANCELLED, staff)

    november = WorkOrder.objects.charged_in(date(2026, 11, 1), date(2026, 11, 30))
    assert set(november) == {first_minute, last_minute, corrected}
    assert set(WorkOrder.objects.charged_in(date(2026, 10, 1), date(2026, 10, 31))) == {
        october
    }
    assert set(WorkOrder.objects.charged_in(date(2026, 12, 1), date(2026, 12, 31))) == {
        december
    }


def test_charged_in_is_answered_by_its_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = WorkOrder.objects.charged_in(
            date(2026, 11, 1), date(2026, 11, 30)
        ).explain()
    assert "work_order_charged" in plan, plan
