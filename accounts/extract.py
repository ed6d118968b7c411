"""Loggutdrag (Patientdatalagen 8 kap. 3 §): every access to one person's
data in a period, as customer service hands it to the person."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AccessLog, Customer

COLUMNS = [
    gettext_lazy("Tid"),
    gettext_lazy("Användare"),
    gettext_lazy("Roll"),
    gettext_lazy("Kund/enhet"),
    gettext_lazy("Åtgärd"),
    gettext_lazy("Vad"),
    gettext_lazy("Sida"),
]


@dataclass(frozen=True)
class Access:
    at: datetime
    user: str
    role: str
    customer: str
    action: str
    what: str
    page: str

    def values(self):
        """The row as the columns show it, local time to the minute."""
        return [
            f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}",
            self.user,
            self.role,
            self.customer,
            self.action,
            self.what,
            self.page,
        ]


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def access_extract(person, first_day, last_day):
    """The accesses to `person` from the start of `first_day` to the end of
    `last_day` (local dates), oldest first: who, in what role, for which
    customer, what and where. Three queries however long the list."""
    entries = list(
        AccessLog.objects.of_person(person)
        .filter(
            at__gte=_day_start(first_day),
            at__lt=_day_start(last_day + timedelta(days=1)),
        )
        .select_related("user", "customer", "object_type")
        .order_by("at", "pk")
    )
    authorised = {kundid for entry in entries for kundid in entry.authorised_customers}
    names = dict(
        Customer.objects.filter(kundid__in=authorised).values_list("kundid", "name")
    )
    return [_access(entry, names) for entry in entries]


def _access(entry, names):
    user = entry.user
    full_name = user.get_full_name()
    return Access(
        at=entry.at,
        user=f"{full_name} ({user.username})" if full_name else user.username,
        role=entry.get_role_display() or "–",
        customer=_customer(entry, names),
        action=entry.get_action_display(),
        what=_what(entry),
        page=entry.path,
    )


def _customer(entry, names):
    if entry.customer:
        return str(entry.customer)
    if entry.authorised_customers:
        # The access was made for one of them; which is not known.
        return _("Någon av: %(customers)s") % {
            "customers": ", ".join(
                f"{kundid} {names.get(kundid, '')}".strip()
                for kundid in entry.authorised_customers
            )
        }
    return "–"


def _what(entry):
    if entry.object_type is None:
        return "–"
    return f"{entry.object_type.name.capitalize()}: {entry.object_repr}"
