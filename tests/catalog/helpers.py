"""Small helpers shared by the catalogue tests."""

import re

from catalog.models import Article


def listed(response):
    """Article numbers in the page's result list, in order."""
    return [article.article_no for article in response.context["articles"]]


def checkboxes(response):
    """Article numbers that have a checkbox to order them."""
    return re.findall(r'type="checkbox" name="articles" value="(\d+)"', response.text)


def bulk_articles(count, like, start=50000):
    """`count` articles like the saved article `like`, in one query."""
    return Article.objects.bulk_create(
        Article(
            article_no=str(start + n),
            name=like.name,
            supplier=like.supplier,
            iso_class=like.iso_class,
            article_type=like.article_type,
            product_name=like.product_name,
            in_assortment=like.in_assortment,
        )
        for n in range(count)
    )
