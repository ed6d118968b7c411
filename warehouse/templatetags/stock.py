from django import template

from ..status import article_status

register = template.Library()


@register.inclusion_tag("warehouse/stock_status.html")
def stock_status(article):
    """{% stock_status article %} for an article annotated by with_stock()."""
    return {"status": article_status(article)}
