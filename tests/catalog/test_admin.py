import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.choices import DocumentKind
from catalog.models import ArticleDocument, Replacement
from tests.factories import ArticleFactory, IsoClassFactory, SupplierFactory


@pytest.mark.parametrize("model", ["supplier", "isoclass", "article"])
def test_staff_can_open_the_catalogue_lists(staff_client, rollator, model):
    response = staff_client.get(reverse(f"admin:catalog_{model}_changelist"))

    assert response.status_code == 200


def test_the_article_list_costs_the_same_for_many_articles(
    staff_client, rollator, django_assert_max_num_queries
):
    ArticleFactory.create_batch(30, supplier=SupplierFactory())

    # Session and user, supplier filter, two counts, the page.
    with django_assert_max_num_queries(6):
        response = staff_client.get(reverse("admin:catalog_article_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 31


@pytest.mark.parametrize(
    "term", ["17940", "cross 6", "1560102", "Cross"], ids=["no", "name", "lev", "prod"]
)
def test_staff_can_search_articles(staff_client, rollator, term):
    ArticleFactory(name="Duschpall", product_name="Dusch")

    response = staff_client.get(
        reverse("admin:catalog_article_changelist"), {"q": term}
    )

    assert list(response.context["cl"].result_list) == [rollator]


def test_staff_can_filter_outgoing_articles(staff_client, rollator):
    outgoing = ArticleFactory(outgoing=True)

    response = staff_client.get(
        reverse("admin:catalog_article_changelist"), {"outgoing__exact": "1"}
    )

    assert list(response.context["cl"].result_list) == [outgoing]


def test_staff_can_open_an_article(staff_client, rollator):
    old = ArticleFactory(outgoing=True)
    Replacement.objects.create(new=rollator, old=old)

    response = staff_client.get(
        reverse("admin:catalog_article_change", args=[rollator.pk])
    )

    assert response.status_code == 200
    assert "Rollator, 4-hjulig, Cross 6" in response.text
    assert old.article_no in response.text


def article_form(article, **changes):
    """The article change form as the admin posts it, with empty inlines."""
    data = {
        "article_no": article.article_no,
        "name": article.name,
        "product_name": article.product_name,
        "article_type": article.article_type,
        "iso_class": article.iso_class_id,
        "unit": article.unit,
        "description": "",
        "supplier": article.supplier_id,
        "supplier_article_no": article.supplier_article_no,
        "lead_time_days": article.lead_time_days,
        "in_assortment": "on",
    }
    # The price history is read only; "prices-2" is the new price change.
    for prefix in ["older_links", "fits", "documents", "prices", "prices-2"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | changes


def test_staff_can_upload_a_manual(staff_client, rollator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = article_form(
        rollator,
        **{
            "documents-TOTAL_FORMS": 1,
            "documents-0-title": "Bruksanvisning Cross 6",
            "documents-0-kind": DocumentKind.MANUAL,
            "documents-0-file": SimpleUploadedFile(
                "cross6.pdf", b"%PDF-1.4", content_type="application/pdf"
            ),
            "documents-0-url": "",
        },
    )

    response = staff_client.post(
        reverse("admin:catalog_article_change", args=[rollator.pk]), data
    )

    assert response.status_code == 302, response.context["errors"]
    document = ArticleDocument.objects.get(article=rollator)
    assert document.title == "Bruksanvisning Cross 6"
    assert document.file.read() == b"%PDF-1.4"


def test_a_documents_file_links_to_the_app_and_not_to_media_url(
    staff_client, rollator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    document = ArticleDocument(
        article=rollator, title="Bruksanvisning", kind=DocumentKind.MANUAL
    )
    document.file.save("cross6.pdf", ContentFile(b"%PDF-1.4"))

    page = staff_client.get(
        reverse("admin:catalog_article_change", args=[rollator.pk])
    ).text

    served_at = reverse("article_document", args=[document.pk])
    assert f'<a href="{served_at}">{document.file.name}</a>' in page
    assert settings.MEDIA_URL not in page


def test_a_document_needs_a_file_or_a_link(staff_client, rollator):
    data = article_form(
        rollator,
        **{
            "documents-TOTAL_FORMS": 1,
            "documents-0-title": "Tomt",
            "documents-0-kind": DocumentKind.MANUAL,
            "documents-0-url": "",
        },
    )

    response = staff_client.post(
        reverse("admin:catalog_article_change", args=[rollator.pk]), data
    )

    assert response.status_code == 200
    assert "Ange antingen en fil eller en länk." in response.text
    assert not ArticleDocument.objects.exists()


def test_staff_can_add_an_article(staff_client, supplier):
    iso_class = IsoClassFactory()
    data = article_form(
        ArticleFactory.build(
            article_no="20001", supplier=supplier, iso_class=iso_class
        ),
        supplier=supplier.pk,
        iso_class=iso_class.pk,
    )

    response = staff_client.post(reverse("admin:catalog_article_add"), data)

    assert response.status_code == 302
    assert supplier.articles.get().article_no == "20001"
