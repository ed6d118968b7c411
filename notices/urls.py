from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:message_id>/", views.message_detail, name="message_detail"),
    path("<uuid:message_id>/ta-bort/", views.message_delete, name="message_delete"),
]
