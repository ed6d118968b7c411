from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Article


class OrderArticlesForm(forms.Form):
    """The article numbers ticked in Sök artikel, or the one on an article's
    page, handed to the current draft order; the one on a held aid's page,
    handed to an order for its recipient."""

    articles = forms.ModelMultipleChoiceField(
        queryset=Article.objects.orderable(),
        to_field_name="article_no",
        error_messages={
            "required": _("Markera minst en artikel att beställa."),
            "invalid_choice": _(
                "Artikel %(value)s finns inte eller ingår inte i sortimentet och "
                "kan inte beställas här."
            ),
        },
    )


class AlternativeForm(forms.Form):
    """Utgående produkt som alternativ (F-06): one of the listed articles."""

    article = forms.TypedChoiceField(
        label=_("Artikel"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj en artikel."),
            "invalid_choice": _("Välj en av artiklarna i listan."),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].choices = [
            (choice.article.pk, choice.article.article_no) for choice in choices
        ]
