from django import forms
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.search import MAX_CRITERION_LENGTH, CriteriaForm, containing_words

from .choices import ArticleType
from .models import Article, ArticleFit, ArticlePrice, Supplier
from .services import price_change_refusal


class ArticleSearchForm(CriteriaForm):
    """Sök artikel: every criterion optional, all given ones must match."""

    supplier_article_no = forms.CharField(
        label=_("Leverantörens artikelnummer"),
        required=False,
        max_length=50,
        help_text=_("Hela eller en del av numret."),
    )
    name = forms.CharField(
        label=_("Benämning"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("Hela eller delar av benämningen, i valfri ordning."),
    )
    product_name = forms.CharField(
        label=_("Produktnamn"),
        required=False,
        max_length=MAX_CRITERION_LENGTH,
        help_text=_("T.ex. Cross: visar även tillbehör som passar."),
    )
    supplier = forms.ModelChoiceField(
        label=_("Leverantör"),
        queryset=Supplier.objects.only("name"),
        required=False,
        empty_label=_("Alla leverantörer"),
        error_messages={"invalid_choice": _("Välj en leverantör i listan.")},
    )
    article_type = forms.ChoiceField(
        label=_("Artikeltyp"),
        choices=[("", _("Alla artikeltyper")), *ArticleType.choices],
        required=False,
        error_messages={"invalid_choice": _("Välj en artikeltyp i listan.")},
    )
    outside_assortment = forms.BooleanField(
        label=_("Utanför sortiment"),
        required=False,
        help_text=_("Visa artiklar som inte ingår i sortimentet i stället."),
    )

    CRITERIA = [
        "supplier_article_no",
        "name",
        "product_name",
        "supplier",
        "article_type",
    ]

    def search(self):
        """The matching articles; call only when the form is valid."""
        data = self.cleaned_data
        articles = Article.objects.filter(in_assortment=not data["outside_assortment"])
        if data["supplier_article_no"]:
            articles = articles.alias(
                supplier_no_lower=Lower("supplier_article_no")
            ).filter(
                supplier_no_lower__contains=Lower(Value(data["supplier_article_no"]))
            )
        articles = containing_words(articles, "search_name", data["name"])
        if data["product_name"]:
            # Two indexed lookups united, rather than an OR that scans them all.
            family = Lower(Value(data["product_name"]))
            members = Article.objects.alias(product_lower=Lower("product_name")).filter(
                product_lower=family
            )
            accessories = ArticleFit.objects.alias(
                fit_lower=Lower("product_name")
            ).filter(fit_lower=family)
            articles = articles.filter(
                pk__in=members.values("pk").union(accessories.values("accessory"))
            )
        if data["supplier"]:
            articles = articles.filter(supplier=data["supplier"])
        if data["article_type"]:
            articles = articles.filter(article_type=data["article_type"])
        return articles


class PriceChangeForm(forms.ModelForm):
    """A new price of an article from a date (the admin's "Ny prisändring");
    the rows before it are not edited."""

    class Meta:
        model = ArticlePrice
        fields = ["valid_from", "monthly_rent", "price", "vat_rate"]
        # Staff write 1250,50 as they do everywhere else; 1250.50 is read too.
        localized_fields = ["monthly_rent", "price"]
        # A tabular inline shows its labels only as the column headings.
        widgets = {
            "valid_from": forms.DateInput(
                attrs={"type": "date", "aria-label": _("Nytt pris gäller från")}
            ),
            "monthly_rent": forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "aria-label": _(
                        "Ny hyra/månad, kronor exkl. moms, tomt om artikeln inte hyrs ut"
                    ),
                }
            ),
            "price": forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "aria-label": _(
                        "Nytt pris, kronor exkl. moms, tomt om artikeln inte säljs"
                    ),
                }
            ),
            "vat_rate": forms.Select(attrs={"aria-label": _("Ny moms")}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The help is in the labels above: a tabular inline prints help
        # text only as a tooltip, and the inputs would point at no element.
        for field in self.fields.values():
            field.help_text = ""

    def clean_valid_from(self):
        valid_from = self.cleaned_data["valid_from"]
        refusal = price_change_refusal(self.instance.article_id, valid_from)
        if refusal:
            raise forms.ValidationError(refusal)
        return valid_from
