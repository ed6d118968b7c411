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
