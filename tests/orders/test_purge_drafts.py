"""purge_drafts: the daily job removes drafts nobody has touched for
DRAFT_RETENTION_DAYS days, with their files, and leaves the rest."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from core.uploads import FILE_TYPES
from orders.models import Order, OrderAttachment
from orders.services import attach_file

from ..factories import DraftOrderFactory, OrderLineFactory
from .placed_helpers import placed_order

START = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def purge():
    out = StringIO()
    call_command("purge_drafts", stdout=out)
    return out.getvalue()


@pytest.fixture
def settings_days(settings, tmp_path):
    settings.DRAFT_RETENTION_DAYS = 30
    settings.MEDIA_ROOT = tmp_path
    return settings


def test_a_draft_untouched_for_the_retention_days_is_removed_with_its_lines_and_files(
    prescriber, settings_days, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(START, tick=False)
    line = OrderLineFactory(order__prescriber=prescriber)
    attachment = attach_file(
        line.order,
        SimpleUploadedFile("intyg.pdf", b"%PDF-1.4 test"),
        prescriber,
        FILE_TYPES["pdf"],
    )
    stored = attachment.file.name
    recent = DraftOrderFactory(prescriber=prescriber)
    executed = placed_order(prescriber)

    time_machine.move_to(START.replace(day=30), tick=False)
    recent.save()
    time_machine.move_to(START.replace(month=11, day=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()

    assert output.startswith("1 draft(s) removed after 30 days")
    assert set(Order.objects.all()) == {recent, executed}
    assert not OrderAttachment.objects.exists()
    assert not attachment.file.storage.exists(stored)


def test_a_draft_one_day_short_of_the_limit_stays(
    prescriber, settings_days, time_machine
):
    time_machine.move_to(START, tick=False)
    draft = DraftOrderFactory(prescriber=prescriber)

    time_machine.move_to(START.replace(day=30), tick=False)
    output = purge()

    assert output.startswith("0 draft(s) removed")
    assert list(Order.objects.all()) == [draft]


def test_the_retention_days_come_from_the_settings(
    prescriber, settings_days, time_machine
):
    settings_days.DRAFT_RETENTION_DAYS = 5
    time_machine.move_to(START, tick=False)
    DraftOrderFactory(prescriber=prescriber)

    time_machine.move_to(START.replace(day=7), tick=False)

    assert purge().startswith("1 draft(s) removed after 5 days")
    assert not Order.objects.exists()
