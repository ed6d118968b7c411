"""Every page that shows a person writes the access log (Patientdatalagen).

The test walks the URL resolver, so it covers every pattern there is,
including each admin changelist, change form, history and custom admin
view: a new pattern whose arguments it cannot make fails here until it is
taught them. Each page is fetched as its persona (customer service for the
admin, the prescriber elsewhere) with data in which one person has an aid,
an order, a draft, a work order, a pickup, files, audit events and access-log
rows. A page that shows the person's name or personnummer must have logged
an access to them, and every page that logged one is no-store."""

import contextlib
import re
import subprocess
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView
from pghistory.models import Events

from accounts.access import AccessContext
from accounts.admin import access_log_url
from accounts.choices import AccessAction
from accounts.models import AccessLog, PayerAuthorisation
from accounts.services import log_access
from aids.choices import AddressChoice, HistoryKind
from aids.services import report_lost
from core.uploads import check_attachment
from deviations import services as deviations
from deviations.models import Deviation
from invoicing.models import InvoiceLine
from invoicing.services import invoice_month
from notices.services import notify
from orders.models import Order, OrderLine, OrderTemplate
from outside_assortment import services as outside
from outside_assortment.models import OutsideRequest
from pickups import services as pickups
from pickups.models import PickupOrder, PickupReason
from tests.factories import (
    ArticleFactory,
    ArticlePriceFactory,
    HoldingFactory,
    IndividualFactory,
    IndividualHistoryFactory,
    PersonFactory,
    RecipientDetailsFactory,
    UserFactory,
)
from tests.orders.delivery_helpers import draft_with_lines
from tests.orders.placed_helpers import placed_order
from tests.orders.upload_files import attach, media_root, upload  # noqa: F401
from tests.outside_assortment.helpers import make_request
from tests.pdf import pdf_text
from transfers import services as transfers
from transfers.models import Transfer
from workorders import services as workorders
from workorders.choices import WorkOrderKind
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def unnamed_and_personless(callback):
    """The admin's patterns without a name: the catch-all 404 and the
    redirect from an object's bare URL to its change form. Neither shows
    anything, whatever the data."""
    return (
        callback.__name__ == "catch_all_view"
        or getattr(callback, "view_class", None) is RedirectView
    )


def patterns(resolvers=None, prefix="", namespace=""):
    """(name, regex, callback) of every URL pattern, depth first."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, regex, inner)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, regex, entry.callback


@pytest.fixture
def world(prescriber, customer, staff, media_root):  # noqa: F811
    """One person, reachable from every kind of page."""
    person = PersonFactory(
        first_name="Ingeborg", last_name="Zakrisson", personnummer="194001012386"
    )
    RecipientDetailsFactory(person=person, door_code="8642")
    article = ArticleFactory(individually_marked=True)
    individual = IndividualFactory(article=article)
    wheelchair = HoldingFactory(
        person=person,
        article=article,
        individual=individual,
        customer=customer,
        prescriber=prescriber,
    )
    IndividualHistoryFactory(
        individual=individual, person=person, kind=HistoryKind.DELIVERED
    )
    cushion = HoldingFactory(person=person, customer=customer, prescriber=prescriber)
    draft = draft_with_lines(prescriber, person=person)
    order = placed_order(prescriber, person=person)
    order_attachment = attach(order, "intyg.pdf")
    transfer = transfers.execute_transfer(
        AccessContext(user=prescriber),
        uuid.uuid4(),
        wheelchair.recipient,
        kind="prescriber",
        holding_ids=[wheelchair.pk],
        valid_from=wheelchair.delivered_on,
        customer=customer,
        prescriber=UserFactory(customers=[customer]),
    )
    work_order = workorders.create_work_order(
        token=uuid.uuid4(),
        user=prescriber,
        holding=wheelchair,
        kind=WorkOrderKind.REPAIR,
        customer=customer,
        address_choice=AddressChoice.RECIPIENT,
        address=("Ingeborg Zakrisson", "Skolgatan 12", "903 25", "Umeå"),
        phone="070-123 45 67",
        description="Bromsen tar inte.",
    )
    file = upload("foto.pdf")
    work_order_attachment = workorders.attach_file(
        work_order, file, prescriber, check_attachment(file)
    )
    pickup = pickups.create_pickup(
        uuid.uuid4(),
        prescriber,
        person,
        customer,
        holding_ids=[cushion.pk],
        reason=PickupReason.objects.get_or_create(name="Behovet upphört")[0],
        phone="070-123 45 67",
        address_choice=AddressChoice.RECIPIENT,
    )
    deviation = deviations.create_deviation(
        token=uuid.uuid4(),
        user=prescriber,
        customer=customer,
        category="product_fault",
        injury=False,
        description="Bromsen släpper.",
        occurred_on=wheelchair.delivered_on,
        holding=wheelchair,
    )
    photo = upload("bromsen.png")
    deviation_attachment = deviations.attach_file(
        deviation, photo, prescriber, check_attachment(photo)
    )
    template = OrderTemplate.objects.create(
        customer=customer,
        name="Förrådet",
        warehouse=order.warehouse,
        created_by=prescriber,
    )
    outside_request = make_request(prescriber, person, description="Badkarslyft")
    file = upload("bedomning.pdf")
    outside_attachment = outside.attach_file(
        outside_request, file, prescriber, check_attachment(file)
    )
    message = notify(prescriber, "Om en order", about=order)
    lost_report = report_lost(
        prescriber,
        wheelchair,
        customer=customer,
        lost_on=wheelchair.delivered_on,
        circumstances="Glömd på bussen.",
    )
    rented = HoldingFactory(
        person=person,
        customer=customer,
        prescriber=prescriber,
        payer=customer.default_payer,
    )
    ArticlePriceFactory(article=rented.article, valid_from=rented.delivered_on)
    invoice_month(rented.delivered_on, today=rented.delivered_on)
    # The prescriber also reads the invoices of the customer's payer
    # (E-faktura, which has a Peppol address for the XML) and keeps its
    # coding templates (Egna mallar för eFaktura).
    customer.default_payer.org_number = "2120002411"
    customer.default_payer.save()
    PayerAuthorisation.objects.create(user=prescriber, payer=customer.default_payer)
    context = AccessContext(user=UserFactory(), path="/")
    [entry] = log_access(context, person, AccessAction.VIEW, person)
    return {
        "person": person,
        "holding": wheelchair,
        "individual": individual,
        "draft": draft,
        "order": order,
        "line": order.lines.get(),
        "order_attachment": order_attachment,
        "work_order": work_order,
        "work_order_attachment": work_order_attachment,
        "pickup": pickup,
        "transfer": transfer,
        "deviation": deviation,
        "deviation_attachment": deviation_attachment,
        "outside_request": outside_request,
        "outside_attachment": outside_attachment,
        "message": message,
        "lost_report": lost_report,
        "template": template,
        "access": entry,
        "invoice_line": InvoiceLine.objects.get(),
        "payer": customer.default_payer,
        "event": Events.objects.tracks(person).first(),
    }


# The pages of a draft take the draft; every other order page the placed order.
DRAFT_PAGES = {
    "order_customer",
    "order_lines",
    "order_delivery",
    "order_cancel_draft",
    "order_template_choose",
    "order_template_pick",
}
# The object an admin change form, history or delete page is shown for;
# other models take the first their admin lists.
ADMIN_OBJECTS = {
    Order: "order",
    OrderLine: "line",
    WorkOrder: "work_order",
    PickupOrder: "pickup",
    Transfer: "transfer",
    Deviation: "deviation",
    OutsideRequest: "outside_request",
    AccessLog: "access",
    InvoiceLine: "invoice_line",
}


def admin_object_id(callback, world, staff):
    model_admin = callback.model_admin
    model = model_admin.model
    if model is Events:
        return world["event"].pgh_slug
    if model in ADMIN_OBJECTS:
        return world[ADMIN_OBJECTS[model]].pk
    request = RequestFactory().get("/")
    request.user = staff
    found = model_admin.get_queryset(request).first()
    return found.pk if found else 0


def argument(name, kwarg, callback, world, staff):
    """The value of one URL argument; an argument nobody taught this test
    fails it."""
    if kwarg == "object_id" and hasattr(callback, "model_admin"):
        return admin_object_id(callback, world, staff)
    if kwarg == "order_id":
        return world["draft" if name in DRAFT_PAGES else "order"].pk
    if kwarg == "line_id":
        return world["line"].pk
    if kwarg == "attachment_id":
        if name.startswith("deviation"):
            return world["deviation_attachment"].pk
        return world[
            "work_order_attachment"
            if name.startswith("workorder")
            else "outside_attachment"
            if name.startswith("outside")
            else "order_attachment"
        ].pk
    simple = {
        "topic": "general",
        "article_no": world["line"].article.article_no,
        "document_id": 0,
        "code": "12",
        "message_id": world["message"].pk,
        "uidb64": "MQ",
        "token": "set-password",
        "key": world["person"].pk,
        "holding_id": world["holding"].pk,
        "individual_no": world["individual"].individual_no,
        "person_id": world["person"].pk,
        "pickup_id": world["pickup"].pk,
        "transfer_id": world["transfer"].pk,
        "work_order_id": world["work_order"].pk,
        "report_id": world["lost_report"].pk,
        "deviation_id": world["deviation"].pk,
        "outside_request_id": world["outside_request"].pk,
        "template_id": world["template"].pk,
        "betalarid": world["payer"].betalarid,
        "number": world["invoice_line"].invoice.number,
        "step": "paborja",
        "decision": "bekrafta",
        "app_label": "accounts",
        "content_type_id": ContentType.objects.get_for_model(Order).pk,
        "object_id": world["order"].pk,
        # The user admin's password page.
        "id": world["order"].prescriber_id,
    }
    if kwarg not in simple:
        pytest.fail(f"{name}: the test does not know the argument {kwarg!r}")
    return simple[kwarg]


def urls(world, staff):
    """Every page's URL: each pattern once, and a few filtered lists."""
    for name, regex, callback in patterns():
        if name is None:
            assert unnamed_and_personless(callback), f"an unnamed pattern: {regex}"
            continue
        kwargs = {
            kwarg: argument(name.split(":")[-1], kwarg, callback, world, staff)
            for kwarg in re.compile(regex).groupindex
        }
        yield name, reverse(name, kwargs=kwargs)
    person = world["person"]
    yield "person's access log", access_log_url(person)
    yield (
        "person's audit events",
        (
            reverse("admin:pghistory_events_changelist")
            + f"?obj={person._meta.label_lower}:{person.pk}&method=tracks"
        ),
    )
    yield (
        "person's orders",
        (reverse("admin:orders_order_changelist") + f"?person__id__exact={person.pk}"),
    )


def shown(response, person):
    """Whether the page shows the person: their name or personnummer."""
    if response.streaming:
        # A kept file: an attachment as it was uploaded (the tests' PDFs
        # are mere stubs), or a PDF we made and keep, an invoice's, read as
        # a PDF. Reading it to the end closes it.
        data = b"".join(response.streaming_content)
        text = data.decode(errors="replace")
        if response.get("Content-Type", "").startswith("application/pdf"):
            with contextlib.suppress(subprocess.CalledProcessError):
                text = pdf_text(data)
    elif response.get("Content-Type", "").startswith("application/pdf"):
        text = pdf_text(response.content)
    else:
        text = response.text
    number = person.personnummer
    return any(
        mark in text
        for mark in [person.last_name, number, f"{number[:8]}-{number[8:]}"]
    )


def test_every_page_that_shows_a_person_logs_the_access(world, prescriber, staff):
    person = world["person"]
    clients = {"prescriber": Client(), "staff": Client()}
    clients["prescriber"].force_login(prescriber)
    clients["staff"].force_login(staff)
    unlogged, stored, showing = [], [], set()

    for name, url in urls(world, staff):
        client = clients["staff" if url.startswith("/admin/") else "prescriber"]
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True)[0]

        response = client.get(url)

        assert response.status_code < 500, url
        logged = AccessLog.objects.of_person(person).filter(pk__gt=last).exists()
        if shown(response, person):
            showing.add(name)
            if not logged:
                unlogged.append(url)
        if logged and "no-store" not in response.get("Cache-Control", ""):
            stored.append(url)

    assert unlogged == []
    assert stored == []
    # The data reaches the person on the pages of each kind, so the test
    # cannot pass by showing nobody.
    assert {
        "recipient_aids",
        "individual_card",
        "order_index",
        "order_lines",
        "order_detail",
        "order_pdf",
        "workorder_detail",
        "pickup_detail",
        "lost_report_detail",
        "admin:aids_lostreport_changelist",
        "admin:aids_lostreport_change",
        "admin:aids_lostreport_decide",
        "transfer_new",
        "transfer_index",
        "transfer_detail",
        "transfer_pdf",
        "admin:transfers_transfer_change",
        "admin:transfers_transfer_changelist",
        "deviation_detail",
        "deviation_index",
        "deviation_new_for_holding",
        "admin:deviations_deviation_change",
        "admin:deviations_deviation_changelist",
        "admin:orders_order_change",
        "admin:workorders_workorder_change",
        "admin:pickups_pickuporder_change",
        "admin:accounts_accesslog_changelist",
        "admin:accounts_accesslog_change",
        "admin:pghistory_events_change",
        "person's audit events",
        "invoicing:coding_preview",
        "invoicing:invoice_detail",
        "invoicing:invoice_pdf",
        "invoicing:invoice_xml",
    } <= showing
