from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("sprak/", views.set_language, name="set_language"),
    path("avsluta/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "logga-ut-overallt/",
        views.LogoutEverywhereView.as_view(),
        name="logout_everywhere",
    ),
    path("losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("glomt-losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "glomt-losenord/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-losenord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dina-uppgifter/ny-lank/",
        views.email_change_resend,
        name="email_change_resend",
    ),
    path(
        "dina-uppgifter/bekrafta-e-post/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("aktivera/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
]
