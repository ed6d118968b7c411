from django import template

from ..status import article_status

register = template.Library()


@register.simple_tag
def stock_status(article):
    """{% stock_status article %} for an article annotated by with_stock()."""
    return article_status(article)
