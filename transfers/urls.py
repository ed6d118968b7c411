from django.urls import path, re_path

from aids.recipients import KEY

from . import views

urlpatterns = [
    path("", views.index, name="transfer_index"),
    re_path(rf"^ny/{KEY}/$", views.new, name="transfer_new"),
    path("<uuid:transfer_id>/", views.detail, name="transfer_detail"),
    path("<uuid:transfer_id>/kvitto.pdf", views.receipt_pdf, name="transfer_pdf"),
]
