from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="pickup_index"),
    path("ny/<uuid:person_id>/", views.new, name="pickup_new"),
    path("<uuid:pickup_id>/", views.detail, name="pickup_detail"),
    path(
        "<uuid:pickup_id>/bekraftelse/", views.confirmation, name="pickup_confirmation"
    ),
]
