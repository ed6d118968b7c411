"""Imports of the population register and of held aids (DATA-FORMATS.md).

Error messages never repeat a personnummer: the report is shown on a page
and printed to logs; the line number identifies the row."""

from itertools import batched

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Customer, Payer, User
from catalog.models import Article
from websesam.imports import (
    Column,
    Date,
    Importer,
    Integer,
    ModelImporter,
    Ref,
    Status,
    Text,
    register,
)
from websesam.validators import validate_personnummer

from .choices import HistoryKind, IndividualLocation
from .models import Holding, Individual, IndividualHistory, Person

BATCH_SIZE = 2000
INDIVIDUAL_NO_LENGTH = Individual._meta.get_field("individual_no").max_length


class Personnummer(Column):
    """12 digits, a date that exists and a valid check digit."""

    def to_python(self, text):
        validate_personnummer(text)
        return text


class Recipient(Column):
    """A patient's personnummer or a care unit's 5-digit kundid, as
    ("person", personnummer) or ("care_unit", kundid)."""

    def to_python(self, text):
        if len(text) == 5 and text.isdigit():
            return "care_unit", text
        if len(text) != 12 or not text.isdigit():
            raise ValidationError(
                _("ange ett personnummer med 12 siffror eller ett kundid med 5 siffror")
            )
        validate_personnummer(text)
        return "person", text


class IndividualNumber(Text):
    def to_python(self, text):
        if len(text) > INDIVIDUAL_NO_LENGTH:
            raise ValidationError(
                _("%(value)s är längre än %(max)d tecken")
                % {"value": text, "max": INDIVIDUAL_NO_LENGTH}
            )
        return text


class ArticleRef(Ref):
    """Also loads whether the article is individually marked."""

    def lookup(self, keys):
        return Article.objects.only("article_no", "individually_marked").in_bulk(
            keys, field_name="article_no"
        )


def in_chunks(queryset, field, values, size=10_000):
    """`queryset` filtered on `field__in` `values`, a chunk at a time, so a
    region's file does not become one statement with 100,000 parameters."""
    values = list(values)
    for chunk in batched(values, size):
        yield from queryset.filter(**{f"{field}__in": chunk})


@register
class PersonImporter(ModelImporter):
    """Protected identity is not in the file: it is kept as stored."""

    kind = "persons"
    label = _("Personer")
    order = 60
    model = Person
    key = "personnummer"
    columns = {
        "personnummer": Personnummer(required=True),
        "first_name": Text(),
        "last_name": Text(),
        "street": Text(),
        "postal_code": Text(),
        "city": Text(),
        "phone": Text(),
        "deceased_on": Date(),
    }

    def check_duplicates(self, rows):
        seen = {}
        for row in rows:
            number = row.cells["personnummer"]
            if number in seen:
                self.error(
                    row,
                    "personnummer",
                    _("personnumret finns redan på rad %(line)d")
                    % {"line": seen[number]},
                )
            elif number:
                seen[number] = row.line

    def create(self, rows):
        Person.objects.bulk_create([row.obj for row in rows], batch_size=BATCH_SIZE)


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
            individual.individual_no: individual
            for individual in in_chunks(
                Individual.objects.select_related("article").only(
                    "individual_no", "location", "warehouse", "article__article_no"
                ),
                "individual_no",
                numbers,
            )
        }
        for row in rows:
            number = row.values.get("individual_no")
            article = row.values.get("article_no")
            if not number or "article_no" not in row.values:
                continue
            if not article.individually_marked:
                self.error(
                    row,
                    "individual_no",
                    _("artikel %(article)s är inte individmärkt")
                    % {"article": article.article_no},
                )
            elif (
                individual := self.individuals.get(number)
            ) and individual.article_id != article.pk:
                self.error(
                    row,
                    "individual_no",
                    _("individen är en annan artikel, %(article)s")
                    % {"article": individual.article.article_no},
                )
            elif row.values.get("quantity", 1) != 1:
                self.error(
                    row, "quantity", _("en individ är en enhet: antalet ska vara 1")
                )

    def find_holdings(self, rows):
        """The stored holding of each row, if any."""
        valid = [row for row in rows if self.row_is_valid(row)]
        by_individual = {
            holding.individual_id: holding
            for holding in in_chunks(
                Holding.objects.filter(returned_on__isnull=True).only(*HOLDING_FIELDS),
                "individual_id",
                [individual.pk for individual in self.individuals.values()],
            )
        }
        dates = {
            row.values["delivered_on"]
            for row in valid
            if not row.values["individual_no"]
        }
        # Newest first, so that of two equal holdings the first stored wins.
        by_key = {
            self.holding_key(holding): holding
            for holding in in_chunks(
                Holding.objects.filter(individual__isnull=True)
                .only(*HOLDING_FIELDS)
                .order_by("-id"),
                "delivered_on",
                dates,
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
        if holding.person_id:
            recipient = "person", holding.person_id
        else:
            recipient = "care_unit", holding.care_unit_id
        return (*recipient, holding.article_id, holding.delivered_on)

    def row_is_valid(self, row):
        return all(name in row.values for name in self.columns)

    def write(self, rows):
        self.write_individuals(rows)
        created, changed = [], set()
        # The stored values of holdings the file changes, for their history.
        self.corrected = []
        for row in rows:
            values = self.holding_values(row)
            if row.obj is None:
                row.obj = Holding(**values)
                row.status = Status.CREATED
                created.append(row.obj)
                continue
            old = {name: getattr(row.obj, name) for name in HOLDING_ATTNAMES}
            row.status = Status.UNCHANGED
            for name, value in values.items():
                if old[name] != value:
                    setattr(row.obj, name, value)
                    changed.add(HOLDING_ATTNAMES[name])
                    row.status = Status.UPDATED
            if row.status == Status.UPDATED:
                self.corrected.append(old)
        Holding.objects.bulk_create(created, batch_size=BATCH_SIZE)
        updated = [row.obj for row in rows if row.status == Status.UPDATED]
        if updated:
            Holding.objects.bulk_update(updated, changed, batch_size=200)
        self.write_history(rows)

    def holding_values(self, row):
        """The holding a row describes, by attname. Imported holdings are
        delivered: the delivered quantity is the quantity."""
        kind, recipient_id = row.values["recipient"]
        number = row.values["individual_no"]
        payer, prescriber = row.values["payer"], row.values["prescriber"]
        return {
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

    def write_individuals(self, rows):
        """Create the new individuals and place every one at its recipient."""
        new = {}
        for row in rows:
            number = row.values["individual_no"]
            if number and number not in self.individuals:
                new[number] = Individual(
                    individual_no=number,
                    article=row.values["article_no"],
                    location=IndividualLocation.AT_RECIPIENT,
                )
        Individual.objects.bulk_create(new.values(), batch_size=BATCH_SIZE)
        moved = [
            individual
            for individual in self.individuals.values()
            if individual.location != IndividualLocation.AT_RECIPIENT
            or individual.warehouse_id is not None
        ]
        for individual in moved:
            individual.location = IndividualLocation.AT_RECIPIENT
            individual.warehouse = None
        Individual.objects.bulk_update(moved, ["location", "warehouse"], batch_size=200)
        self.individuals.update(new)

    def write_history(self, rows):
        """One "delivered" row per individual's holding. A holding whose
        individual, recipient or date the file corrects loses its old row."""
        stale = [
            (
                old["individual_id"],
                old["delivered_on"],
                old["person_id"],
                old["care_unit_id"],
            )
            for old in self.corrected
            if old["individual_id"]
        ]
        with_individual = [row for row in rows if row.obj.individual_id]
        stored = {}
        for event in in_chunks(
            IndividualHistory.objects.filter(kind=HistoryKind.DELIVERED).only(
                "individual_id", "happened_on", "person_id", "care_unit_id"
            ),
            "individual_id",
            {row.obj.individual_id for row in with_individual}
            | {key[0] for key in stale},
        ):
            stored.setdefault(self.event_key(event), event.pk)
        wanted = {self.holding_event_key(row.obj): row for row in with_individual}
        IndividualHistory.objects.filter(
            pk__in=[
                stored.pop(key) for key in stale if key in stored and key not in wanted
            ]
        ).delete()
        missing = [key for key in wanted if key not in stored]
        IndividualHistory.objects.bulk_create(
            [
                IndividualHistory(
                    individual_id=individual_id,
                    happened_on=happened_on,
                    kind=HistoryKind.DELIVERED,
                    person_id=person_id,
                    care_unit_id=care_unit_id,
                )
                for individual_id, happened_on, person_id, care_unit_id in missing
            ],
            batch_size=BATCH_SIZE,
        )
        for key in missing:
            if wanted[key].status == Status.UNCHANGED:
                wanted[key].status = Status.UPDATED

    @staticmethod
    def event_key(event):
        return (
            event.individual_id,
            event.happened_on,
            event.person_id,
            event.care_unit_id,
        )

    @staticmethod
    def holding_event_key(holding):
        return (
            holding.individual_id,
            holding.delivered_on,
            holding.person_id,
            holding.care_unit_id,
        )
