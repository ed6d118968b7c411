from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.search import SearchText
from core.validators import validate_org_number
from core.vat import VatRate

from .choices import ArticleType, DocumentKind, Unit

iso_code = RegexValidator(
    r"^(\d{2}|\d{4}|\d{6})\Z", _("Ange en ISO-kod med 2, 4 eller 6 siffror.")
)
article_number = RegexValidator(
    r"^\d{1,10}\Z", _("Ange ett artikelnummer med siffror.")
)


@audited()
class Supplier(models.Model):
    name = models.CharField(_("leverantör"), max_length=200, unique=True)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=10,
        blank=True,
        validators=[validate_org_number],
    )
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    website = models.URLField(_("webbplats"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverantör")
        verbose_name_plural = _("leverantörer")

    def __str__(self):
        return self.name


@audited()
class IsoClass(models.Model):
    """A class of ISO 9999: 2 digits (class), 4 (subclass), 6 (division)."""

    code = models.CharField(
        _("ISO-kod"), max_length=6, unique=True, validators=[iso_code]
    )
    title = models.CharField(_("benämning"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISO-klass")
        verbose_name_plural = _("ISO-klasser")

    def __str__(self):
        return f"{self.formatted_code} {self.title}"

    @property
    def formatted_code(self):
        """As printed in ISO 9999: 12 22 03."""
        return " ".join(self.code[i : i + 2] for i in range(0, len(self.code), 2))


class ArticleQuerySet(models.QuerySet):
    def orderable(self):
        return self.filter(in_assortment=True)


@audited(exclude=["search_name"])
class Article(models.Model):
    article_no = models.CharField(
        _("artikelnummer"), max_length=10, unique=True, validators=[article_number]
    )
    name = models.CharField(_("benämning"), max_length=200)
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("leverantör"),
    )
    supplier_article_no = models.CharField(
        _("leverantörens artikelnummer"), max_length=50, blank=True
    )
    product_name = models.CharField(_("produktnamn"), max_length=100, blank=True)
    article_type = models.CharField(
        _("artikeltyp"), max_length=20, choices=ArticleType.choices
    )
    iso_class = models.ForeignKey(
        IsoClass,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("ISO-klass"),
    )
    unit = models.CharField(
        _("enhet"), max_length=4, choices=Unit.choices, default=Unit.PIECE
    )
    in_assortment = models.BooleanField(_("i sortiment"), default=True)
    individually_marked = models.BooleanField(_("individmärkt"), default=False)
    outgoing = models.BooleanField(_("utgående"), default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        _("leveranstid (arbetsdagar)"), default=0
    )
    description = models.TextField(_("beskrivning"), blank=True)
    # Stored so that a search's recheck of trigram candidates compares a
    # column instead of calling unaccent() on thousands of names.
    search_name = models.GeneratedField(
        expression=SearchText("name"), output_field=models.TextField(), db_persist=True
    )
    replaces = models.ManyToManyField(
        "self",
        through="Replacement",
        symmetrical=False,
        related_name="replaced_by",
        blank=True,
        verbose_name=_("ersätter"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["article_no"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artiklar")
        indexes = [
            # Searches are either within the assortment (a quarter of all
            # articles) or outside it: one partial index each.
            GinIndex(
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
                condition=Q(in_assortment=False),
                name="article_name_trgm_outside",
            ),
            GinIndex(
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
                condition=Q(in_assortment=True),
                name="article_name_trgm_assortment",
            ),
            GinIndex(
                OpClass(Lower("supplier_article_no"), name="gin_trgm_ops"),
                name="article_supplier_no_trgm",
            ),
            models.Index(Lower("product_name"), name="article_product_name"),
            models.Index(
                fields=["in_assortment", "article_no"], name="article_assortment"
            ),
        ]

    def __str__(self):
        return f"{self.article_no} {self.name}"


@audited()
class Replacement(models.Model):
    """`new` replaces the older, outgoing `old`; lower preference is tried first."""

    new = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="older_links",
        verbose_name=_("ny artikel"),
    )
    old = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="newer_links",
        verbose_name=_("ersatt artikel"),
    )
    preference = models.PositiveSmallIntegerField(_("ordning"), default=1)

    class Meta:
        ordering = ["new", "preference"]
        verbose_name = _("ersättning")
        verbose_name_plural = _("ersättningar")
        constraints = [
            models.UniqueConstraint(fields=["new", "old"], name="unique_replacement"),
            models.CheckConstraint(
                condition=~Q(new=models.F("old")), name="replacement_not_self"
            ),
        ]

    def __str__(self):
        return _("%(new)s ersätter %(old)s") % {
            "new": self.new.article_no,
            "old": self.old.article_no,
        }


@audited()
class ArticleFit(models.Model):
    """An accessory fits the articles of this product name (family)."""

    accessory = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="fits",
        verbose_name=_("tillbehör"),
    )
    product_name = models.CharField(_("passar produktnamn"), max_length=100)

    class Meta:
        verbose_name = _("passar till")
        verbose_name_plural = _("passar till")
        constraints = [
            models.UniqueConstraint(
                fields=["accessory", "product_name"], name="unique_fit"
            )
        ]
        indexes = [models.Index(Lower("product_name"), name="articlefit_product_name")]

    def __str__(self):
        return self.product_name


@audited()
class ArticleDocument(models.Model):
    """A manual, an image or a link shown to prescribers on the article page."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("artikel"),
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("fil"), upload_to="articles/%Y/", blank=True)
    url = models.URLField(_("länk"), blank=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("artikeldokument")
        verbose_name_plural = _("artikeldokument")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="document_file_or_url",
                violation_error_message=_("Ange antingen en fil eller en länk."),
            )
        ]

    def __str__(self):
        return self.title


def validate_vat_rate(value):
    """The import's check (a form offers the choices): the message names
    the rates."""
    if value not in VatRate.values:
        raise ValidationError(
            _("Momsen ska vara 25, 12, 6 eller 0 procent."), code="vat_rate"
        )


def amount_field(verbose_name, help_text):
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=help_text,
    )


@audited()
class ArticlePrice(models.Model):
    """What an article costs from `valid_from` until the next row's date.
    Rows are only ever added: an invoice already sent used the price valid
    on each of its days (catalog.prices)."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="prices",
        verbose_name=_("artikel"),
    )
    valid_from = models.DateField(_("gäller från"))
    monthly_rent = amount_field(
        _("hyra/månad"), _("Kronor exkl. moms. Tomt: hyrs inte ut.")
    )
    price = amount_field(_("pris"), _("Kronor exkl. moms. Tomt: säljs inte."))
    vat_rate = models.DecimalField(
        _("moms (%)"),
        max_digits=4,
        decimal_places=2,
        choices=VatRate.choices,
        # The plain Decimal: a form shows the member as "VatRate.STANDARD"
        # and would select no option.
        default=VatRate.STANDARD.value,
        validators=[validate_vat_rate],
    )
    # Empty for a row from an import file (its audit event names the file).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )

    class Meta:
        ordering = ["article", "-valid_from"]
        verbose_name = _("artikelpris")
        verbose_name_plural = _("artikelpriser")
        constraints = [
            # Also the index price lookups walk: article, then date.
            models.UniqueConstraint(
                fields=["article", "valid_from"], name="unique_article_price_day"
            ),
            models.CheckConstraint(
                condition=(Q(monthly_rent__isnull=True) | Q(monthly_rent__gte=0))
                & (Q(price__isnull=True) | Q(price__gte=0)),
                name="article_price_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__in=VatRate.values),
                name="article_price_vat_rate",
            ),
        ]

    def __str__(self):
        return _("pris från %(date)s") % {"date": self.valid_from}

    def as_tuple(self):
        """What the price says, to compare with another one."""
        return (self.monthly_rent, self.price, self.vat_rate)
