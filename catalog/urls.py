from django.urls import path, re_path

from . import views

urlpatterns = [
    path("sok-artikel/", views.article_search, name="article_search"),
    re_path(
        r"^artikel/(?P<article_no>\d{1,10})/$",
        views.article_detail,
        name="article_detail",
    ),
    path(
        "artikel/dokument/<int:document_id>/",
        views.article_document,
        name="article_document",
    ),
    path("varukatalog/", views.catalogue, name="catalogue"),
    re_path(
        r"^varukatalog/(?P<code>(?:\d{2}){1,3})/$",
        views.catalogue,
        name="catalogue_class",
    ),
]
