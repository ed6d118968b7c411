from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("sprak/", views.set_language, name="set_language"),
    # The login through the region's identity provider (accounts.oidc); the
    # callback's name is the one mozilla-django-oidc reverses.
    path(
        "siths/",
        login_not_required(views.ProviderLoginView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "siths/svar/",
        login_not_required(views.ProviderCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path("avsluta/", views.LogoutView.as_view(), name="logout"),
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
