import mimetypes
from pathlib import PurePath

from django.db.models import Count, Exists, OuterRef, Prefetch, Value
from django.db.models.functions import Length, Lower, Substr
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .choices import DocumentKind
from .forms import ArticleSearchForm
from .hooks import hooks
from .models import Article, ArticleDocument, ArticleFit, IsoClass, Replacement

# As many rows as the original showed; one more is fetched to know there are more.
MAX_ROWS = 200
# Shown in the page; SVG is left out because it can carry scripts.
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def _listed(articles):
    """Articles as the result lists show them: supplier and stock status at
    the main warehouse in the same query, at most MAX_ROWS (+1) rows."""
    return list(hooks.with_stock(articles.select_related("supplier"))[: MAX_ROWS + 1])


def article_search(request):
    form = ArticleSearchForm(request.GET or None)
    found = None
    if form.is_valid():
        articles = form.search()
        if form.cleaned_data["outside_assortment"]:
            articles = articles.prefetch_related(
                Prefetch(
                    "newer_links",
                    queryset=Replacement.objects.filter(new__in_assortment=True)
                    .select_related("new")
                    .order_by("new__article_no"),
                    to_attr="alternatives",
                )
            )
        found = _listed(articles)
    return render(
        request,
        "catalog/article_search.html",
        {
            "form": form,
            "articles": found and found[:MAX_ROWS],
            "searched": found is not None,
            "too_many": found is not None and len(found) > MAX_ROWS,
            "max_rows": MAX_ROWS,
            "current_draft": hooks.current_draft(request),
        },
    )


def _shows_inline(document):
    content_type, _encoding = mimetypes.guess_type(document.file.name)
    return document.kind == DocumentKind.IMAGE and content_type in INLINE_IMAGE_TYPES


def article_detail(request, article_no):
    article = get_object_or_404(
        Article.objects.select_related("supplier", "iso_class"), article_no=article_no
    )
    documents = list(article.documents.all())
    accessories = []
    if article.product_name:
        fits = ArticleFit.objects.alias(fit_lower=Lower("product_name")).filter(
            accessory=OuterRef("pk"), fit_lower=Lower(Value(article.product_name))
        )
        accessories = _listed(
            Article.objects.orderable().filter(Exists(fits)).exclude(pk=article.pk)
        )
    return render(
        request,
        "catalog/article_detail.html",
        {
            "article": article,
            "stock": hooks.stock_by_warehouse(article),
            "images": [d for d in documents if d.file and _shows_inline(d)],
            "documents": [d for d in documents if not (d.file and _shows_inline(d))],
            "replaces": _listed(
                Article.objects.filter(newer_links__new=article).order_by(
                    "newer_links__preference"
                )
            ),
            "replaced_by": _listed(Article.objects.filter(older_links__old=article)),
            "accessories": accessories[:MAX_ROWS],
        },
    )


def article_document(request, document_id):
    """A document's file, for logged-in users only; documents are downloaded,
    only images of a safe type are shown in the page."""
    document = get_object_or_404(
        ArticleDocument.objects.exclude(file=""), pk=document_id
    )
    inline = _shows_inline(document)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        file,
        as_attachment=not inline,
        filename=PurePath(document.file.name).name,
    )


def catalogue(request, code=""):
    """Varukatalog: ISO 9999 classes, two digits more on each level, with
    their number of articles in the assortment; a 6-digit class lists them."""
    path = list(
        IsoClass.objects.filter(code__in=[code[:n] for n in range(2, len(code) + 1, 2)])
    )
    if code and (not path or path[-1].code != code):
        raise Http404
    context = {"path": path, "current": path[-1] if path else None}
    if len(code) == 6:
        found = _listed(Article.objects.orderable().filter(iso_class=path[-1]))
        context |= {
            "articles": found[:MAX_ROWS],
            "too_many": len(found) > MAX_ROWS,
            "max_rows": MAX_ROWS,
        }
    else:
        width = len(code) + 2
        counts = dict(
            Article.objects.orderable()
            .alias(code_length=Length("iso_class__code"))
            .filter(iso_class__code__startswith=code, code_length__gte=width)
            .values(prefix=Substr("iso_class__code", 1, width))
            .annotate(count=Count("pk"))
            .values_list("prefix", "count")
        )
        context["classes"] = [
            (iso_class, counts[iso_class.code])
            for iso_class in IsoClass.objects.filter(code__in=counts)
        ]
    return render(request, "catalog/catalogue.html", context)
