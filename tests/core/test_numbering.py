"""core.numbering's case numbers: a prefix, the ISO week and a serial of
the case kind's own series, refused once the week's 9,999 are used."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from aids.models import LostReportCounter
from core.numbering import case_number
from transfers.models import TransferCounter

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 11, 25)


def test_each_kind_counts_its_own_series():
    assert case_number(LostReportCounter, "BH", WEDNESDAY) == "BH26480001"
    assert case_number(TransferCounter, "B", WEDNESDAY) == "B26480001"
    assert case_number(LostReportCounter, "BH", WEDNESDAY) == "BH26480002"


def test_the_week_runs_out_after_9999_and_the_next_week_starts_again():
    LostReportCounter.objects.create(week="2648", last_serial=9998)

    assert case_number(LostReportCounter, "BH", WEDNESDAY) == "BH26489999"
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        case_number(LostReportCounter, "BH", WEDNESDAY)
    assert refused.value.code == "numbers_exhausted"
    assert "Ring kundtjänst, telefon 090-785 93 65." in refused.value.message
    assert case_number(LostReportCounter, "BH", date(2026, 11, 30)) == "BH26490001"
