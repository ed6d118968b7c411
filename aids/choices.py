from django.db import models
from django.utils.translation import gettext_lazy as _


class IndividualLocation(models.TextChoices):
    AT_RECIPIENT = "recipient", _("Hos mottagare")
    IN_WAREHOUSE = "warehouse", _("I lager")
    TO_REFURBISH = "refurbish", _("I lager, för rekonditionering")
    IN_REPAIR = "repair", _("På reparation")
    # Taken from a local store into a prescriber's basket (F-11), not yet
    # delivered to a patient or returned.
    ON_LOAN = "loan", _("Utlånad i varukorg")
    SCRAPPED = "scrapped", _("Kasserad")


class HistoryKind(models.TextChoices):
    DELIVERED = "delivered", _("Levererad till")
    RETURNED = "returned", _("Återlämnad från")
    REPAIRED = "repaired", _("Reparerad/anpassad")
    MOVED = "moved", _("Flyttad")
    SCRAPPED = "scrapped", _("Kasserad")
    # Borttappat hjälpmedel: a report, its decision, and a lost aid found.
    LOST = "lost", _("Anmäld borttappad hos")
    LOST_CONFIRMED = "lost_ok", _("Borttappad, bekräftad")
    LOST_REJECTED = "lost_no", _("Borttappad, anmälan avslagen")
    FOUND = "found", _("Återfunnen hos")


class LostReportStatus(models.TextChoices):
    REPORTED = "reported", _("Anmäld")
    CONFIRMED = "confirmed", _("Bekräftad")
    REJECTED = "rejected", _("Avslagen")
    FOUND = "found", _("Återfunnen")


# A report in these marks its aid lost (Holding.lost_on): at most one per aid.
LOST_MARKING = [LostReportStatus.REPORTED, LostReportStatus.CONFIRMED]
# Customer service decides a reported loss; the prescriber reports a lost
# aid found, before or after the decision to confirm it.
LOST_TRANSITIONS = {
    LostReportStatus.REPORTED: {
        LostReportStatus.CONFIRMED,
        LostReportStatus.REJECTED,
        LostReportStatus.FOUND,
    },
    LostReportStatus.CONFIRMED: {LostReportStatus.FOUND},
    LostReportStatus.REJECTED: set(),
    LostReportStatus.FOUND: set(),
}


class RecipientType(models.TextChoices):
    PATIENT = "patient", _("Patient")
    CARE_UNIT = "vardenhet", _("Vårdenhet")


class CareReason(models.TextChoices):
    """Why a user without an order, aid, pickup or work order through their
    customers has a care relationship with a patient."""

    NEW_PATIENT = "ny", _("Ny patient – förskrivning")
    FOLLOW_UP = "uppfoljning", _("Uppföljning eller utprovning")
    STAND_IN = "vikarie", _("Vikarierar för ordinarie förskrivare")
    REFERRAL = "remiss", _("Remiss från annan vårdgivare")
    OTHER = "annat", _("Annat")


class AddressChoice(models.TextChoices):
    """Where an order, a work order or a pickup goes: a saved address or one
    typed for it alone."""

    CUSTOMER = "customer", _("Kundens adress")
    RECIPIENT = "recipient", _("Mottagarens adress")
    OTHER = "other", _("Annan adress (gäller bara denna order)")
