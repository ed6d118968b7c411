"""BMBs of the same aid at once (tests.concurrency): it moves exactly once."""

import uuid

from django.core.exceptions import ValidationError

from aids.models import Holding, IndividualHistory
from tests.concurrency import concurrent, run_together
from transfers.models import Transfer, TransferLine

pytestmark = concurrent

THREADS = 8


def test_eight_moves_of_one_aid_at_once_move_it_once(make_transfer, rollator, store):
    outcomes = run_together(
        *[lambda: make_transfer([rollator], kind="take_back", store=store)] * THREADS
    )

    [transfer] = Transfer.objects.all()
    assert outcomes.count(transfer) == 1
    refused = [outcome for outcome in outcomes if outcome != transfer]
    assert all(isinstance(outcome, ValidationError) for outcome in refused)
    assert {outcome.code for outcome in refused} == {"not_current"}
    assert TransferLine.objects.count() == 1
    assert Holding.objects.filter(care_unit=store, returned_on=None).count() == 1
    assert IndividualHistory.objects.filter(individual=rollator.individual).count() == 1


def test_eight_sends_of_one_form_make_one_bmb(make_transfer, rollator, new_payer):
    token = uuid.uuid4()

    outcomes = run_together(*[lambda: make_transfer([rollator], token=token)] * THREADS)

    assert outcomes == [Transfer.objects.get(pk=token)] * THREADS
    assert TransferLine.objects.count() == 1
    assert rollator.payer_periods.count() == 2


def test_eight_sends_of_one_move_make_one_bmb(make_transfer, rollator, store):
    token = uuid.uuid4()

    outcomes = run_together(
        *[lambda: make_transfer([rollator], token=token, kind="take_back", store=store)]
        * THREADS
    )

    assert outcomes == [Transfer.objects.get(pk=token)] * THREADS
    assert Holding.objects.filter(care_unit=store, returned_on=None).count() == 1
