"""Held aids (DATA-FORMATS.md: holdings), with the individuals they are and
their "delivered" history."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer, User
from catalog.models import Article
from core import audit
from imports.columns import Date, Integer, Ref
from imports.importer import Importer
from imports.registry import register
from imports.rows import Status

from .. import services
from ..choices import HistoryKind, IndividualLocation
from ..models import Holding, Individual, IndividualHistory, Person
from .columns import BATCH_SIZE, ArticleRef, IndividualNumber, Recipient, in_chunks

# The fields of a holding that an import row sets, and their columns.
HOLDING_FIELDS = (
    "person",
    "care_unit",
    "article",
    "individual",
    "quantity",
    "delivered_on",
    "delivered_quantity",
    "payer",
    "prescriber",
)
HOLDING_ATTNAMES = {
    Holding._meta.get_field(name).attname: name for name in HOLDING_FIELDS
}


class StoredIndividual(NamedTuple):
    pk: int
    article_id: int
    article_no: str
    location: str
    warehouse_id: int | None


@register
class HoldingImporter(Importer):
    """Delivered aids, keyed by the individual when there is one (its open
    holding), else by recipient, article and delivery date. An individual is
    placed at the recipient with one "delivered" history row."""

    kind = "holdings"
    label = _("Innehav")
    order = 80
    model = Holding
    columns = {
        "recipient": Recipient(required=True),
        "article_no": ArticleRef(
            Article, "article_no", _("okänd artikel %(value)s"), required=True
        ),
        "individual_no": IndividualNumber(),
        "quantity": Integer(min_value=1, required=True),
        "delivered_on": Date(required=True),
        "payer": Ref(Payer, "betalarid", _("okänd betalare %(value)s")),
        "prescriber": Ref(User, "username", _("okänd förskrivare %(value)s")),
    }

    def check_duplicates(self, rows):
        seen = {}
        for row in rows:
            if row.cells["individual_no"]:
                key = ("individual_no", row.cells["individual_no"])
                message = _("individnumret finns redan på rad %(line)d")
            else:
                key = ("delivered_on",) + tuple(
                    row.cells[name]
                    for name in ("recipient", "article_no", "delivered_on")
                )
                if "" in key:
                    continue
                message = _(
                    "mottagaren har samma artikel med samma leveransdatum på rad "
                    "%(line)d"
                )
            if key in seen:
                self.error(row, key[0], message % {"line": seen[key]})
            else:
                seen[key] = row.line

    def validate(self, rows):
        super().validate(rows)
        self.resolve_recipients(rows)
        self.check_individuals(rows)
        self.find_holdings(rows)

    def resolve_recipients(self, rows):
        wanted = {"person": set(), "care_unit": set()}
        for row in rows:
            if "recipient" in row.values:
                kind, key = row.values["recipient"]
                wanted[kind].add(key)
        found = {
            "person": dict(
                in_chunks(
                    Person.objects.values_list("personnummer", "pk"),
                    "personnummer",
                    wanted["person"],
                )
            ),
            "care_unit": dict(
                Customer.objects.filter(kundid__in=wanted["care_unit"]).values_list(
                    "kundid", "pk"
                )
            ),
        }
        messages = {
            "person": _("personnumret finns inte i personregistret"),
            "care_unit": _("okänd kund %(value)s"),
        }
        for row in rows:
            if "recipient" not in row.values:
                continue
            kind, key = row.values["recipient"]
            if key in found[kind]:
                row.values["recipient"] = kind, found[kind][key]
            else:
                self.error(row, "recipient", messages[kind] % {"value": key})

    def check_individuals(self, rows):
        """An individual is one unit of an individually marked article."""
        numbers = {
            row.values["individual_no"]
            for row in rows
            if row.values.get("individual_no")
        }
        self.individuals = {
            number: StoredIndividual(*values)
            for number, *values in in_chunks(
                Individual.objects.values_list(
                    "individual_no",
                    "pk",
                    "article_id",
                    "article__article_no",
                    "location",
                    "warehouse_id",
                ),
                "individual_no",
                numbers,
            )
        }
        for row in rows:
            number = row.values.get("individual_no")
            article = row.values.get("article_no")
            if not number or article is None:
                continue
            individual = self.individuals.get(number)
            if not article.individually_marked:
                self.error(
                    row,
                    "individual_no",
                    _("artikel %(article)s är inte individmärkt")
                    % {"article": article.article_no},
                )
            elif individual and individual.article_id != article.pk:
                self.error(
                    row,
                    "individual_no",
                    _("individen är en annan artikel, %(article)s")
                    % {"article": individual.article_no},
                )
            elif row.values.get("quantity", 1) != 1:
                self.error(
                    row, "quantity", _("en individ är en enhet: antalet ska vara 1")
                )

    def find_holdings(self, rows):
        """The stored values of each row's holding, if it has one."""
        stored = Holding.objects.values("id", *HOLDING_ATTNAMES)
        by_individual = {
            holding["individual_id"]: holding
            for holding in in_chunks(
                stored.filter(returned_on__isnull=True),
                "individual_id",
                [individual.pk for individual in self.individuals.values()],
            )
        }
        valid = [row for row in rows if self.row_is_valid(row)]
        # Newest first, so that of two equal holdings the first stored wins.
        by_key = {
            self.holding_key(holding): holding
            for holding in in_chunks(
                stored.filter(individual__isnull=True).order_by("-id"),
                "delivered_on",
                {
                    row.values["delivered_on"]
                    for row in valid
                    if not row.values["individual_no"]
                },
            )
        }
        for row in valid:
            number = row.values["individual_no"]
            if number:
                individual = self.individuals.get(number)
                row.obj = individual and by_individual.get(individual.pk)
            else:
                kind, recipient_id = row.values["recipient"]
                row.obj = by_key.get(
                    (
                        kind,
                        recipient_id,
                        row.values["article_no"].pk,
                        row.values["delivered_on"],
                    )
                )

    @staticmethod
    def holding_key(holding):
        if holding["person_id"]:
            recipient = "person", holding["person_id"]
        else:
            recipient = "care_unit", holding["care_unit_id"]
        return (*recipient, holding["article_id"], holding["delivered_on"])

    def row_is_valid(self, row):
        return all(name in row.values for name in self.columns)

    def write(self, rows):
        """Each row's `obj` becomes the values of its holding."""
        self.write_individuals(rows)
        created, updated, changed = [], [], set()
        # The stored values of holdings the file changes, for their history.
        self.corrected = []
        for row in rows:
            values = self.holding_values(row)
            if row.obj is None:
                row.status = Status.CREATED
                created.append(row)
            else:
                differs = {name for name in values if values[name] != row.obj[name]}
                row.status = Status.UPDATED if differs else Status.UNCHANGED
                if differs:
                    self.corrected.append(row.obj)
                    updated.append(Holding(id=row.obj["id"], **values))
                    changed |= {HOLDING_ATTNAMES[name] for name in differs}
                values["id"] = row.obj["id"]
            row.obj = values
        pks = audit.bulk_insert(
            Holding,
            HOLDING_ATTNAMES,
            [tuple(row.obj.values()) for row in created],
            batch_size=BATCH_SIZE,
        )
        for row, pk in zip(created, pks, strict=True):
            row.obj["id"] = pk
        if updated:
            Holding.objects.bulk_update(updated, changed, batch_size=200)
        self.write_history(rows)

    def holding_values(self, row):
        """The holding a row describes, by attname. Imported holdings are
        delivered: the delivered quantity is the quantity."""
        kind, recipient_id = row.values["recipient"]
        number = row.values["individual_no"]
        payer, prescriber = row.values["payer"], row.values["prescriber"]
        values = {
            "person_id": recipient_id if kind == "person" else None,
            "care_unit_id": recipient_id if kind == "care_unit" else None,
            "article_id": row.values["article_no"].pk,
            "individual_id": self.individuals[number].pk if number else None,
            "quantity": row.values["quantity"],
            "delivered_on": row.values["delivered_on"],
            "delivered_quantity": row.values["quantity"],
            "payer_id": payer and payer.pk,
            "prescriber_id": prescriber and prescriber.pk,
        }
        return {name: values[name] for name in HOLDING_ATTNAMES}

    def write_individuals(self, rows):
        """Create the new individuals and place every one at its recipient."""
        new = {}
        for row in rows:
            number = row.values["individual_no"]
            if number and number not in self.individuals:
                new[number] = row.values["article_no"]
        pks = services.place_individuals_at_recipients(
            new,
            placed=[
                individual.pk
                for individual in self.individuals.values()
                if individual.location != IndividualLocation.AT_RECIPIENT
                or individual.warehouse_id is not None
            ],
            batch_size=BATCH_SIZE,
        )
        for (number, article), pk in zip(new.items(), pks, strict=True):
            self.individuals[number] = StoredIndividual(
                pk,
                article.pk,
                article.article_no,
                IndividualLocation.AT_RECIPIENT,
                None,
            )

    def write_history(self, rows):
        """One "delivered" row per individual's holding. A holding whose
        individual, recipient or date the file corrects loses its old row."""
        stale = [self.event_key(old) for old in self.corrected if old["individual_id"]]
        with_individual = [row for row in rows if row.obj["individual_id"]]
        wanted = {self.event_key(row.obj): row for row in with_individual}
        stored = {}
        for pk, *key in in_chunks(
            IndividualHistory.objects.filter(kind=HistoryKind.DELIVERED)
            .values_list(
                "pk", "individual_id", "happened_on", "person_id", "care_unit_id"
            )
            .order_by("-pk"),
            "individual_id",
            {key[0] for key in wanted} | {key[0] for key in stale},
        ):
            stored[tuple(key)] = pk
        removed = [
            stored.pop(key) for key in stale if key in stored and key not in wanted
        ]
        missing = [key for key in wanted if key not in stored]
        services.record_deliveries(missing, removed=removed, batch_size=BATCH_SIZE)
        for key in missing:
            if wanted[key].status == Status.UNCHANGED:
                wanted[key].status = Status.UPDATED

    @staticmethod
    def event_key(holding):
        """The delivered event of a holding's values."""
        return (
            holding["individual_id"],
            holding["delivered_on"],
            holding["person_id"],
            holding["care_unit_id"],
        )
