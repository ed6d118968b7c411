"""Customer service reads the scheduled jobs in the admin: each job with
its last run and when it is next due, and each run's outcome and output;
nothing there can be added, changed or deleted."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from scheduling.models import JobRun

from ..factories import UserFactory
from .helpers import Calls, at


@pytest.fixture
def customer_service(ran, client):
    """Logged in after the runs, on the frozen clock."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="scheduling", codename__startswith="view_"
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def ran(db, time_machine, monkeypatch):
    time_machine.move_to(at(2026, 12, 3, 14, 0), tick=False)
    monkeypatch.setattr(
        "scheduling.services.call_command",
        Calls(failing={"remind_baskets": CommandError("Ingen förbindelse.")}),
    )
    with pytest.raises(CommandError):
        call_command("run_scheduled")


def test_the_jobs_list_shows_each_jobs_last_run_and_next_time(
    customer_service, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = customer_service.get(
            reverse("admin:scheduling_scheduledjob_changelist")
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Schemalagda jobb" in page
    assert "2026-12-03 14:00 (lyckades)" in page
    assert "2026-12-03 14:00 (misslyckades)" in page
    assert "varje dag kl. 01:00" in page
    assert "2026-12-04 01:00" in page
    # The failed hourly job is tried again half an hour later.
    assert "2026-12-03 14:30" in page
    assert reverse("admin:scheduling_scheduledjob_add") not in page


def test_a_run_shows_its_output_read_only(customer_service):
    run = JobRun.objects.get(job__name="remind_baskets")
    response = customer_service.get(
        reverse("admin:scheduling_jobrun_change", args=[run.pk])
    )
    page = response.content.decode()
    assert "CommandError: Ingen förbindelse." in page
    assert "misslyckades" in page
    assert 'name="_save"' not in page
    job_page = customer_service.get(
        reverse("admin:scheduling_scheduledjob_change", args=[run.job.pk])
    ).content.decode()
    assert "Varje lån påminns en gång" in job_page
    assert f"?job__id__exact={run.job.pk}" in job_page
