"""Imports of ISO classes, suppliers and articles (DATA-FORMATS.md)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imports.columns import (
    Amount,
    Boolean,
    Choice,
    Integer,
    List,
    OrgNumber,
    Ref,
    Text,
)
from imports.importer import ModelImporter, replace_related
from imports.registry import register
from imports.rows import Status

from .choices import ArticleType, Unit
from .models import (
    Article,
    ArticleFit,
    ArticlePrice,
    IsoClass,
    Replacement,
    Supplier,
)
from .services import PRICE_FIELDS, record_prices


class Website(Text):
    """An address as other systems write it: www.invacare.se is https."""

    def to_python(self, text):
        return text if "://" in text else f"https://{text}"


class SupplierRef(Ref):
    """A supplier by name: a name not in the database is a new supplier,
    created when the file is written (ArticleImporter.write)."""

    def __init__(self, **kwargs):
        super().__init__(Supplier, "name", "", **kwargs)

    def lookup(self, keys):
        found = super().lookup(keys)
        return found | {name: Supplier(name=name) for name in keys - found.keys()}


@register
class IsoClassImporter(ModelImporter):
    kind = "iso"
    label = _("ISO-klasser")
    order = 30
    model = IsoClass
    key = "code"
    columns = {"code": Text(), "title": Text()}

    def check(self, rows):
        """A subclass needs its class: in the database or earlier in the file."""
        codes = [row.values["code"] for row in rows if "code" in row.values]
        known = set(
            IsoClass.objects.filter(
                code__in={code[:-2] for code in codes if len(code) > 2}
            ).values_list("code", flat=True)
        )
        for row in rows:
            code = row.values.get("code")
            if code is None:
                continue
            parent = code[:-2]
            if parent and parent not in known:
                self.error(
                    row,
                    "code",
                    _("överordnad klass %(code)s saknas") % {"code": parent},
                )
            known.add(code)


@register
class SupplierImporter(ModelImporter):
    kind = "suppliers"
    label = _("Leverantörer")
    order = 35
    model = Supplier
    key = "name"
    columns = {
        "name": Text(),
        "org_number": OrgNumber(optional=True),
        "phone": Text(optional=True),
        "email": Text(optional=True),
        "website": Website(optional=True),
    }


@register
class ArticleImporter(ModelImporter):
    kind = "articles"
    label = _("Artiklar")
    order = 40
    model = Article
    key = "article_no"
    columns = {
        "article_no": Text(),
        "name": Text(),
        "supplier": SupplierRef(required=True),
        "supplier_article_no": Text(),
        "product_name": Text(),
        "article_type": Choice(ArticleType, required=True),
        "iso_code": Ref(
            IsoClass,
            "code",
            _("okänd ISO-kod %(value)s"),
            field="iso_class",
            required=True,
        ),
        "unit": Choice(Unit),
        "in_assortment": Boolean(),
        "individually_marked": Boolean(),
        "outgoing": Boolean(),
        "replaces": List(),
        "fits": List(max_length=ArticleFit._meta.get_field("product_name").max_length),
        "lead_time_days": Integer(min_value=0),
        "description": Text(),
        # Not fields of Article: a change adds a price row from the day of
        # the import (record_prices), so that earlier invoices keep theirs.
        "monthly_rent": Amount(optional=True),
        "price": Amount(optional=True),
        "vat_rate": Amount(optional=True),
    }

    def check(self, rows):
        self.check_new_suppliers(rows)
        self.check_replaced(rows)
        self.check_prices(rows)

    def check_prices(self, rows):
        """The price columns pass ArticlePrice's own field checks: not
        negative, öre at most, a Swedish VAT rate."""
        fields = {name: ArticlePrice._meta.get_field(name) for name in PRICE_FIELDS}
        for row in rows:
            for name, model_field in fields.items():
                value = row.values.get(name)
                if value is None:
                    continue
                try:
                    model_field.run_validators(value)
                except ValidationError as error:
                    self.error(row, name, " ".join(error.messages))

    def new_suppliers(self, rows):
        """The suppliers this file names that are not in the database, by name."""
        return {
            supplier.name: supplier
            for row in rows
            if (supplier := row.values.get("supplier")) and supplier._state.adding
        }

    def check_new_suppliers(self, rows):
        """A new supplier's name fits, and the admin user may add suppliers."""
        may_add = self.user is None or self.user.has_perm("catalog.add_supplier")
        errors = {}
        for name, supplier in self.new_suppliers(rows).items():
            try:
                supplier.clean_fields()
            except ValidationError as error:
                errors[name] = " ".join(error.messages)
            else:
                if not may_add:
                    errors[name] = _(
                        "okänd leverantör %(value)s, och du får inte lägga till "
                        "leverantörer"
                    ) % {"value": name}
        for row in rows:
            supplier = row.values.get("supplier")
            if supplier and supplier.name in errors:
                self.error(row, "supplier", errors[supplier.name])

    def check_replaced(self, rows):
        """Replaced articles exist, in the database or in this file."""
        in_file = {row.cells["article_no"] for row in rows}
        wanted = {no for row in rows for no in row.values.get("replaces", [])}
        self.article_ids = dict(
            Article.objects.filter(article_no__in=wanted - in_file).values_list(
                "article_no", "pk"
            )
        )
        for row in rows:
            replaces = row.values.get("replaces", [])
            unknown = [
                no
                for no in replaces
                if no not in in_file and no not in self.article_ids
            ]
            if unknown:
                self.error(
                    row,
                    "replaces",
                    _("okänd artikel %(value)s") % {"value": ", ".join(unknown)},
                )
            elif row.cells["article_no"] in replaces:
                self.error(row, "replaces", _("en artikel kan inte ersätta sig själv"))

    def write(self, rows):
        if suppliers := self.new_suppliers(rows):
            Supplier.objects.bulk_create(suppliers.values())
            self.also_created[Supplier] = len(suppliers)
        super().write(rows)

    def write_related(self, rows):
        self.article_ids.update((row.obj.article_no, row.obj.pk) for row in rows)
        replacements = {
            row.obj.pk: [
                (self.article_ids[no], preference)
                for preference, no in enumerate(row.values["replaces"], start=1)
            ]
            for row in rows
        }
        fits = {row.obj.pk: [(name,) for name in row.values["fits"]] for row in rows}
        changed = (
            replace_related(Replacement, "new", ["old_id", "preference"], replacements)
            | replace_related(ArticleFit, "accessory", ["product_name"], fits)
            | self.write_prices(rows)
        )
        for row in rows:
            if row.obj.pk in changed and row.status == Status.UNCHANGED:
                row.status = Status.UPDATED

    def write_prices(self, rows):
        """The price columns the file has, as price rows from today; a file
        without them leaves the prices alone."""
        columns = [name for name in PRICE_FIELDS if name in rows[0].cells]
        if not columns:
            return set()
        given = {
            row.obj.pk: {name: row.values[name] for name in columns} for row in rows
        }
        return record_prices(self.user, given, timezone.localdate())
