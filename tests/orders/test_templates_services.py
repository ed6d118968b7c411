"""Beställningsmallar (F-12), the services: a template is made for one of
the user's customers under a name it does not use yet, its rows pass the
order lines' checks, it goes only when empty, and ordering from it puts the
ticked rows on a care unit's draft without doubling what is there."""

import pytest
from django.core.exceptions import ValidationError

from orders import services
from orders.models import OrderLine, OrderTemplate, OrderTemplateLine
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
)
from warehouse.models import MAIN_WAREHOUSE


@pytest.fixture
def template(prescriber, customer):
    return services.create_template(prescriber, customer, "Förrådet")


def rows(template):
    return [
        (line.article.article_no, line.quantity)
        for line in template.lines.select_related("article").order_by("position")
    ]


def add(template, article, quantity=1):
    lines = list(template.lines.order_by("position"))
    return services.save_template(
        template, services.template_version(lines), {}, new_line=(article, quantity)
    )


def test_a_template_belongs_to_the_customer_and_delivers_from_500(
    prescriber, customer, template
):
    assert template.customer == customer
    assert template.warehouse.code == MAIN_WAREHOUSE
    assert template.created_by == prescriber
    assert template.name == "Förrådet"


def test_a_name_is_required(prescriber, customer):
    with pytest.raises(ValidationError) as refused:
        services.create_template(prescriber, customer, "  ")

    assert refused.value.code == "name_required"
    assert not OrderTemplate.objects.exists()


def test_a_name_the_customer_uses_is_refused_in_swedish(
    prescriber, colleague, customer, template
):
    with pytest.raises(ValidationError) as refused:
        services.create_template(colleague, customer, "förrådet")

    assert refused.value.code == "name_taken"
    assert "Kunden har redan en beställningsmall med namnet förrådet." in (
        refused.value.messages
    )
    # Another customer may use the name.
    other = CustomerFactory()
    prescriber.customers.add(other)
    assert services.create_template(prescriber, other, "Förrådet").customer == other


def test_a_template_is_made_only_for_the_users_own_customers(outsider, customer):
    with pytest.raises(ValidationError) as refused:
        services.create_template(outsider, customer, "Förrådet")

    assert refused.value.code == "customer"


def test_rows_are_added_changed_and_removed(template):
    walker, stool = (
        ArticleFactory(article_no="17940"),
        ArticleFactory(article_no="2020"),
    )
    first = add(template, walker, 2)
    add(template, stool)

    lines = list(template.lines.order_by("position"))
    services.save_template(
        template, services.template_version(lines), {first: 5}, removed=[lines[1]]
    )

    assert rows(template) == [("17940", 5)]


def test_unknown_and_outside_assortment_articles_are_refused_with_a_message(
    template,
):
    with pytest.raises(ValidationError) as unknown:
        services.orderable_article("99999")
    outside = ArticleFactory(in_assortment=False)
    with pytest.raises(ValidationError) as refused:
        add(template, outside)

    assert unknown.value.code == "unknown_article"
    assert refused.value.code == "outside_assortment"
    assert "ingår inte i sortimentet" in refused.value.messages[0]
    assert rows(template) == []


@pytest.mark.parametrize("quantity", [0, services.MAX_QUANTITY + 1])
def test_quantities_outside_1_to_max_are_refused(template, quantity):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as refused:
        add(template, article, quantity)
    line = add(template, article, services.MAX_QUANTITY)
    lines = [line]
    with pytest.raises(ValidationError) as changed:
        services.save_template(
            template, services.template_version(lines), {line: quantity}
        )

    assert refused.value.code == changed.value.code == "quantity"
    assert rows(template) == [(article.article_no, services.MAX_QUANTITY)]


def test_an_article_already_in_the_template_is_refused(template):
    article = ArticleFactory()
    add(template, article)

    with pytest.raises(ValidationError) as refused:
        add(template, article, 3)

    assert refused.value.code == "article_in_template"
    assert rows(template) == [(article.article_no, 1)]


def test_a_stale_or_repeated_save_saves_nothing(template):
    article = ArticleFactory()
    shown = services.template_version([])
    services.save_template(template, shown, {}, new_line=(article, 1))

    with pytest.raises(services.StaleTemplate):
        services.save_template(template, shown, {}, new_line=(ArticleFactory(), 1))

    assert rows(template) == [(article.article_no, 1)]


def test_a_template_goes_only_when_it_has_no_rows(template):
    line = add(template, ArticleFactory())

    with pytest.raises(ValidationError) as refused:
        services.delete_template(template)
    assert refused.value.code == "template_has_lines"

    services.save_template(
        template, services.template_version([line]), {}, removed=[line]
    )
    services.delete_template(template)
    assert not OrderTemplate.objects.exists()


@pytest.fixture
def unit_draft(prescriber, customer):
    """A draft for a care unit of the prescriber's customer."""
    return DraftOrderFactory(prescriber=prescriber, person=None, care_unit=customer)


def test_ordering_adds_the_ticked_rows_with_their_quantities(template, unit_draft):
    walker, stool, cushion = ArticleFactory(), ArticleFactory(), ArticleFactory()
    first, _second, third = (add(template, a, 2) for a in (walker, stool, cushion))

    done = services.order_from_template(unit_draft, template, [(first, 4), (third, 2)])

    lines = list(unit_draft.lines.order_by("position"))
    assert [(line.article, line.quantity) for line in lines] == [
        (walker, 4),
        (cushion, 2),
    ]
    assert done.added == lines
    assert done.present == done.refused == []


def test_an_article_on_the_draft_already_is_not_doubled(template, unit_draft):
    walker, stool = ArticleFactory(), ArticleFactory()
    first, second = add(template, walker, 2), add(template, stool, 3)
    OrderLineFactory(order=unit_draft, article=walker, quantity=1)

    done = services.order_from_template(unit_draft, template, [(first, 2), (second, 3)])
    again = services.order_from_template(
        unit_draft, template, [(first, 2), (second, 3)]
    )

    assert sorted(
        unit_draft.lines.values_list("article__article_no", "quantity")
    ) == sorted([(walker.article_no, 1), (stool.article_no, 3)])
    assert [line.article for line in done.added] == [stool]
    assert done.present == [walker]
    assert again.added == []
    assert again.present == [walker, stool]


def test_an_individually_marked_row_becomes_a_line_per_unit(template, unit_draft):
    chair = ArticleFactory(individually_marked=True)
    row = add(template, chair, 2)

    services.order_from_template(unit_draft, template, [(row, 2)])

    assert list(unit_draft.lines.values_list("quantity", flat=True)) == [1, 1]


def test_an_article_gone_from_the_assortment_is_not_added(template, unit_draft):
    article = ArticleFactory()
    row = add(template, article)
    article.in_assortment = False
    article.save()
    row.refresh_from_db()

    done = services.order_from_template(unit_draft, template, [(row, 1)])

    assert done.refused == [article]
    assert not unit_draft.lines.exists()


def test_only_a_care_units_draft_of_the_templates_customer_is_ordered_to(
    prescriber, template
):
    row = add(template, ArticleFactory())
    patients = DraftOrderFactory(prescriber=prescriber)
    other = DraftOrderFactory(
        prescriber=prescriber, person=None, care_unit=CustomerFactory()
    )
    other.customer = CustomerFactory()
    other.save()

    for draft, code in [(patients, "not_care_unit"), (other, "other_customer")]:
        with pytest.raises(ValidationError) as refused:
            services.order_from_template(draft, template, [(row, 1)])
        assert refused.value.code == code
    assert not OrderLine.objects.exists()


def test_a_row_of_another_template_is_not_ordered(
    prescriber, customer, template, unit_draft
):
    other = services.create_template(prescriber, customer, "Annan")
    foreign = add(other, ArticleFactory())

    done = services.order_from_template(unit_draft, template, [(foreign, 1)])

    assert done.added == []
    assert OrderTemplateLine.objects.count() == 1
    assert not unit_draft.lines.exists()
