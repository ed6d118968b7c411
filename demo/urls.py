from django.urls import path

from . import views

urlpatterns = [path("bench/ok/", views.bare, name="bench_bare")]
