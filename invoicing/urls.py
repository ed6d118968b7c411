from django.urls import path

from . import coding_views, views

app_name = "invoicing"

# Each views module lists its own paths.
urlpatterns = [
    path("", views.invoice_list, name="invoice_list"),
    *coding_views.urlpatterns,
    path("<slug:number>/", views.invoice_detail, name="invoice_detail"),
    path("<slug:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("<slug:number>/xml/", views.invoice_xml, name="invoice_xml"),
]
