from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("", views.invoice_list, name="invoice_list"),
    path("<slug:number>/", views.invoice_detail, name="invoice_detail"),
    path("<slug:number>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("<slug:number>/xml/", views.invoice_xml, name="invoice_xml"),
]
