from django.urls import path

from . import views

urlpatterns = [
    path("", views.apply, name="access_request"),
    path("kunder/", views.customer_choices, name="access_request_customers"),
    path("skickad/", views.submitted, name="access_request_submitted"),
    path("beslut/<str:token>/", views.decide, name="access_request_decide"),
]
