"""Beställningsmallar (F-12), the pages: the list under Kundorder, a new
template, its rows (bad input answered next to the field and kept), deleting
an empty one, and Beställningsmall in a care unit's draft; colleagues share
templates, others get a 404; the query counts do not grow with the rows."""

import re

import pytest

from orders import services
from orders.models import OrderTemplate
from tests.factories import (
    ArticleFactory,
    CustomerFactory,
    DraftOrderFactory,
    OrderLineFactory,
    UserFactory,
)

from .steps_helpers import lines_of, queries, texts, url


@pytest.fixture
def template(prescriber, customer):
    return services.create_template(prescriber, customer, "Förrådet")


@pytest.fixture
def rollator(db):
    return ArticleFactory(article_no="17940", name="Rollator Cross 6")


def add(template, article, quantity=1):
    lines = list(template.lines.order_by("position"))
    return services.save_template(
        template, services.template_version(lines), {}, new_line=(article, quantity)
    )


def rows(template):
    return list(
        template.lines.order_by("position").values_list(
            "article__article_no", "quantity"
        )
    )


def shown(client, template):
    """The template's page and what its form sends back unchanged."""
    response = client.get(url("order_template", template.pk))
    form = response.context["form"]
    data = {"version": response.context["version"], "save": ""}
    for line, quantity, _remove in form.rows:
        data[quantity.html_name] = line.quantity
    return response, data


def save(client, template, **changes):
    _response, data = shown(client, template)
    data.update(changes)
    return client.post(url("order_template", template.pk), data)


def test_kundorder_links_to_the_templates(logged_in):
    text = logged_in.get(url("order_index")).content.decode()

    assert f'href="{url("order_templates")}"' in text


def test_the_list_shows_the_templates_of_the_users_customers(
    logged_in, template, rollator, prescriber
):
    add(template, rollator)
    hidden = services.create_template(
        outsider := UserFactory(customers=[CustomerFactory()]),
        outsider.customers.get(),
        "Annans",
    )

    response = logged_in.get(url("order_templates"))

    text = response.content.decode()
    assert f'<a href="{url("order_template", template.pk)}">Förrådet</a>' in text
    assert str(template.customer) in text
    assert str(prescriber) in text
    assert hidden.name not in text
    assert "Ny beställningsmall" in text


def test_a_new_template_is_named_and_shows_the_delivering_warehouse(
    logged_in, customer
):
    page = logged_in.get(url("order_template_new")).content.decode()
    assert "500" in page
    assert re.search(r"<label[^>]*>\s*Namn på mallen", page)
    # One customer: it is not asked for.
    assert "<select" not in page

    response = logged_in.post(
        url("order_template_new"), {"name": "Förrådet", "customer": customer.pk}
    )

    template = OrderTemplate.objects.get()
    assert response["Location"] == url("order_template", template.pk)
    assert template.customer == customer


def test_a_user_with_two_customers_chooses_one(client, customer):
    other = CustomerFactory()
    user = UserFactory(customers=[customer, other])
    client.force_login(user)

    page = client.get(url("order_template_new")).content.decode()
    client.post(url("order_template_new"), {"name": "Förråd", "customer": other.pk})

    assert "<select" in page
    assert OrderTemplate.objects.get().customer == other


def test_a_taken_or_missing_name_is_answered_next_to_the_field(
    logged_in, customer, template
):
    taken = logged_in.post(
        url("order_template_new"), {"name": "Förrådet", "customer": customer.pk}
    )
    missing = logged_in.post(
        url("order_template_new"), {"name": "", "customer": customer.pk}
    )

    assert taken.context["form"].errors["name"] == [
        "Kunden har redan en beställningsmall med namnet Förrådet."
    ]
    assert 'value="Förrådet"' in taken.content.decode()
    assert missing.context["form"].errors["name"] == ["Ange ett namn på mallen."]
    assert OrderTemplate.objects.count() == 1


def test_another_customers_id_is_refused(logged_in):
    other = CustomerFactory()

    response = logged_in.post(
        url("order_template_new"), {"name": "Förråd", "customer": other.pk}
    )

    assert response.context["form"].errors["customer"]
    assert not OrderTemplate.objects.exists()


def test_the_page_shows_the_rows_and_adds_one(logged_in, template, rollator):
    page = logged_in.get(url("order_template", template.pk)).content.decode()
    assert "Mallen har inga rader." in page
    assert ">Ta bort beställningsmall</button>" in page

    response = save(logged_in, template, article_no="17940", quantity="3", add="")

    assert response["Location"] == url("order_template", template.pk)
    assert rows(template) == [("17940", 3)]
    page = logged_in.get(url("order_template", template.pk)).content.decode()
    assert '<th scope="row">17940</th>' in page
    assert "Rollator Cross 6" in page
    assert "Ta bort beställningsmall" not in page


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"article_no": "99999"},
            "article_no",
            "Det finns ingen artikel med artikelnummer 99999.",
        ),
        (
            {"article_no": "outside"},
            "article_no",
            "ingår inte i sortimentet",
        ),
        ({"article_no": "17940", "quantity": "0"}, "quantity", "från 1 till 999"),
        ({"article_no": "", "quantity": "5"}, "article_no", "Ange artikelnummer"),
    ],
)
def test_bad_input_on_the_add_row_is_answered_next_to_it_and_kept(
    logged_in, template, rollator, typed, field, message
):
    ArticleFactory(article_no="outside", in_assortment=False)

    response = save(logged_in, template, **typed)

    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors)
    text = response.content.decode()
    for value in typed.values():
        if value:
            assert f'value="{value}"' in text
    assert rows(template) == []


def test_an_article_already_in_the_template_is_answered(logged_in, template, rollator):
    add(template, rollator)

    response = save(logged_in, template, article_no="17940")

    assert "finns redan i mallen" in response.context["form"].errors["article_no"][0]
    assert rows(template) == [("17940", 1)]


def test_quantities_are_changed_and_ticked_rows_removed(logged_in, template, rollator):
    walker = add(template, rollator)
    stool = add(template, ArticleFactory(article_no="2020"))

    response = save(
        logged_in,
        template,
        **{f"antal-{walker.pk}": "4", f"val-{stool.pk}": "on"},
    )

    assert response["Location"] == url("order_template", template.pk)
    assert rows(template) == [("17940", 4)]


def test_a_bad_quantity_on_a_row_is_answered_and_nothing_saved(
    logged_in, template, rollator
):
    walker = add(template, rollator)

    response = save(logged_in, template, **{f"antal-{walker.pk}": "abc"})

    assert response.context["form"].errors[f"antal-{walker.pk}"]
    assert 'value="abc"' in response.content.decode()
    assert rows(template) == [("17940", 1)]


def test_a_repeated_post_adds_nothing_twice(logged_in, template, rollator):
    _response, data = shown(logged_in, template)
    data.update(article_no="17940", quantity="2")

    logged_in.post(url("order_template", template.pk), data)
    again = logged_in.post(url("order_template", template.pk), data)

    assert rows(template) == [("17940", 2)]
    assert "Mallen har ändrats sedan sidan visades" in texts(again)[-1]


def test_an_empty_template_is_deleted(logged_in, template, rollator):
    line = add(template, rollator)
    refused = logged_in.post(url("order_template_delete", template.pk))
    assert refused["Location"] == url("order_template", template.pk)
    assert OrderTemplate.objects.exists()

    save(logged_in, template, **{f"val-{line.pk}": "on"})
    response = logged_in.post(url("order_template_delete", template.pk))

    assert response["Location"] == url("order_templates")
    assert not OrderTemplate.objects.exists()


def test_a_colleague_sees_and_changes_it_an_outsider_gets_404(
    client, colleague, outsider, staff, template, rollator
):
    client.force_login(colleague)
    assert "Förrådet" in client.get(url("order_templates")).content.decode()
    save(client, template, article_no="17940")
    assert rows(template) == [("17940", 1)]

    client.force_login(outsider)
    assert "Förrådet" not in client.get(url("order_templates")).content.decode()
    assert client.get(url("order_template", template.pk)).status_code == 404
    assert client.post(url("order_template", template.pk), {}).status_code == 404
    assert client.post(url("order_template_delete", template.pk)).status_code == 404

    client.force_login(staff)
    assert client.get(url("order_template", template.pk)).status_code == 200


def _template_with(prescriber, customer, name, count):
    template = services.create_template(prescriber, customer, name)
    for _number in range(count):
        add(template, ArticleFactory(), 2)
    return template


def test_the_query_count_of_the_template_page_does_not_grow_with_the_rows(
    logged_in, prescriber, customer
):
    counts = {}
    for count in (1, 50):
        template = _template_with(prescriber, customer, f"Mall {count}", count)
        get, response = queries(
            lambda t=template: logged_in.get(url("order_template", t.pk))
        )
        assert response.status_code == 200
        counts[count] = get

    assert counts[1] == counts[50]


# Beställningsmall in a care unit's draft.


@pytest.fixture
def unit_draft(prescriber, customer):
    return DraftOrderFactory(prescriber=prescriber, person=None, care_unit=customer)


def pick_data(template, **changes):
    data = {}
    for line in template.lines.all():
        data[f"antal-{line.pk}"] = line.quantity
        data[f"val-{line.pk}"] = "on"
    data.update(changes)
    return data


def test_a_care_units_lines_page_offers_the_templates(
    logged_in, prescriber, unit_draft
):
    patients = DraftOrderFactory(prescriber=prescriber)
    choose = url("order_template_choose", unit_draft.pk)

    unit_page = logged_in.get(url("order_lines", unit_draft.pk)).content.decode()
    patient_page = logged_in.get(url("order_lines", patients.pk)).content.decode()
    redirected = logged_in.get(url("order_template_choose", patients.pk))

    assert f'href="{choose}">Beställningsmall</a>' in unit_page
    assert "Beställningsmall</a>" not in patient_page
    assert redirected["Location"] == url("order_lines", patients.pk)


def test_the_customers_templates_are_listed_or_their_absence_said(
    logged_in, unit_draft, template
):
    pick = url("order_template_pick", unit_draft.pk, template.pk)
    listed = logged_in.get(url("order_template_choose", unit_draft.pk))
    template.delete()
    empty = logged_in.get(url("order_template_choose", unit_draft.pk))

    assert f'<a href="{pick}">Förrådet</a>' in listed.content.decode()
    assert "Kunden har inga beställningsmallar än." in empty.content.decode()


def test_the_rows_are_shown_ticked_with_their_quantities(
    logged_in, unit_draft, template, rollator
):
    line = add(template, rollator, 3)

    text = logged_in.get(
        url("order_template_pick", unit_draft.pk, template.pk)
    ).content.decode()

    assert '<th scope="row">17940</th>' in text
    assert f'name="antal-{line.pk}" value="3"' in text
    assert re.search(rf'name="val-{line.pk}"[^>]*checked', text)
    assert ">Beställ</button>" in text


def test_beställ_adds_the_ticked_rows_and_says_what_was_on_the_order(
    logged_in, unit_draft, template, rollator
):
    stool, cushion = ArticleFactory(article_no="2020"), ArticleFactory()
    walker_row, stool_row, cushion_row = (
        add(template, rollator, 2),
        add(template, stool, 1),
        add(template, cushion, 5),
    )
    OrderLineFactory(order=unit_draft, article=stool, quantity=4)
    data = pick_data(template, **{f"antal-{walker_row.pk}": "3"})
    del data[f"val-{cushion_row.pk}"]

    response = logged_in.post(
        url("order_template_pick", unit_draft.pk, template.pk), data
    )

    assert response["Location"] == url("order_lines", unit_draft.pk)
    assert [
        (line.article.article_no, line.quantity) for line in lines_of(unit_draft)
    ] == [
        ("2020", 4),
        ("17940", 3),
    ]
    messages = texts(response)
    assert "Artikel 17940 är tillagd på beställningen." in messages
    assert any("2020 fanns redan på beställningen" in text for text in messages)
    assert stool_row.quantity == 1


def test_a_double_beställ_adds_once(logged_in, unit_draft, template, rollator):
    add(template, rollator, 2)
    data = pick_data(template)
    pick = url("order_template_pick", unit_draft.pk, template.pk)

    logged_in.post(pick, data)
    again = logged_in.post(pick, data)

    assert [
        (line.article.article_no, line.quantity) for line in lines_of(unit_draft)
    ] == [("17940", 2)]
    assert any("17940 fanns redan" in text for text in texts(again))


def test_bad_quantities_and_nothing_ticked_are_answered_and_kept(
    logged_in, unit_draft, template, rollator
):
    line = add(template, rollator, 2)
    pick = url("order_template_pick", unit_draft.pk, template.pk)

    bad = logged_in.post(pick, pick_data(template, **{f"antal-{line.pk}": "1000"}))
    none = logged_in.post(pick, {f"antal-{line.pk}": "7"})

    assert bad.context["form"].errors[f"antal-{line.pk}"]
    assert f'name="antal-{line.pk}" value="1000"' in bad.content.decode()
    assert "Markera minst en rad att beställa." in none.content.decode()
    assert f'name="antal-{line.pk}" value="7"' in none.content.decode()
    assert not re.search(rf'name="val-{line.pk}"[^>]*checked', none.content.decode())
    assert lines_of(unit_draft) == []


def test_a_colleague_orders_from_it_an_outsider_gets_404(
    client, colleague, outsider, customer, template, rollator
):
    add(template, rollator)
    mine = DraftOrderFactory(prescriber=colleague, person=None, care_unit=customer)
    client.force_login(colleague)
    client.post(url("order_template_pick", mine.pk, template.pk), pick_data(template))
    assert [line.article for line in lines_of(mine)] == [rollator]

    client.force_login(outsider)
    theirs = DraftOrderFactory(
        prescriber=outsider, person=None, care_unit=outsider.customers.get()
    )
    pick = url("order_template_pick", theirs.pk, template.pk)
    assert client.get(pick).status_code == 404
    assert client.post(pick, pick_data(template)).status_code == 404
    assert lines_of(theirs) == []


def test_the_query_count_of_the_pick_page_does_not_grow_with_the_rows(
    logged_in, prescriber, customer, unit_draft
):
    # The draft's first page remembers it in the session: one write more.
    logged_in.get(url("order_template_choose", unit_draft.pk))
    counts = {}
    for count in (1, 50):
        template = _template_with(prescriber, customer, f"Mall {count}", count)
        get, response = queries(
            lambda t=template: logged_in.get(
                url("order_template_pick", unit_draft.pk, t.pk)
            )
        )
        assert response.status_code == 200
        counts[count] = get

    assert counts[1] == counts[50]


def test_customer_service_finds_a_customers_templates_and_bounds_quantities(
    staff_client, template, rollator, customer
):
    line = add(template, rollator)
    change = f"/admin/orders/ordertemplate/{template.pk}/change/"

    listed = staff_client.get(f"/admin/orders/ordertemplate/?kundid={customer.kundid}")
    other = staff_client.get("/admin/orders/ordertemplate/?kundid=99999")
    response = staff_client.post(
        change,
        {
            "customer": customer.pk,
            "name": "Förrådet",
            "warehouse": template.warehouse_id,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "1",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000",
            "lines-0-id": line.pk,
            "lines-0-template": template.pk,
            "lines-0-position": "1",
            "lines-0-article": rollator.pk,
            "lines-0-quantity": "1000",
        },
    )

    assert "Förrådet" in listed.text
    assert "Förrådet" not in other.text
    assert response.status_code == 200
    assert rows(template) == [("17940", 1)]
