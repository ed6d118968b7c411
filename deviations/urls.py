from django.urls import path, re_path

from aids.recipients import KEY

from .views import (
    attachment,
    detail,
    index,
    new_for_article,
    new_for_holding,
    new_for_individual,
    new_for_line,
)

# Mounted at /avvikelser/. URLs carry opaque ids and a recipient's key,
# never a personnummer.
urlpatterns = [
    path("", index, name="deviation_index"),
    path("<uuid:deviation_id>/", detail, name="deviation_detail"),
    path("bilaga/<uuid:attachment_id>/", attachment, name="deviation_attachment"),
    path(
        "ny/kundorder/<uuid:order_id>/rad/<int:line_id>/",
        new_for_line,
        name="deviation_new_for_line",
    ),
    path(
        "ny/individ/<str:individual_no>/",
        new_for_individual,
        name="deviation_new_for_individual",
    ),
    re_path(
        r"^ny/artikel/(?P<article_no>\d{1,10})/$",
        new_for_article,
        name="deviation_new_for_article",
    ),
    re_path(
        rf"^ny/{KEY}/innehav/(?P<holding_id>\d+)/$",
        new_for_holding,
        name="deviation_new_for_holding",
    ),
]
