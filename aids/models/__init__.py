"""aids' models, one module per part: persons and recipients, held aids and
individuals, their payers' periods, confirmed care relationships, lost-aid
reports."""

from .care import CareConfirmation, session_digest
from .holdings import Holding, Individual, IndividualHistory
from .lost import LostReport, LostReportCounter, with_open_lost_report
from .payers import HoldingPayer, payer_on
from .persons import (
    ONE_RECIPIENT,
    Person,
    PersonQuerySet,
    RecipientDetails,
    RecipientOwned,
)

__all__ = [
    "ONE_RECIPIENT",
    "CareConfirmation",
    "Holding",
    "HoldingPayer",
    "Individual",
    "IndividualHistory",
    "LostReport",
    "LostReportCounter",
    "Person",
    "PersonQuerySet",
    "RecipientDetails",
    "RecipientOwned",
    "payer_on",
    "session_digest",
    "with_open_lost_report",
]
