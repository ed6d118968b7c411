"""Checks of the login configuration (manage.py check)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def check_login_configuration(app_configs, **kwargs):
    warnings = []
    oidc_configured = bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)
    if not settings.PASSWORD_LOGIN and not oidc_configured:
        warnings.append(
            Warning(
                "PASSWORD_LOGIN=0 without OIDC_ISSUER and OIDC_CLIENT_ID: "
                "only staff can log in.",
                id="accounts.W001",
            )
        )
    return warnings


@register(Tags.security, deploy=True)
def check_provider_over_https(app_configs, **kwargs):
    if settings.OIDC_ISSUER and not settings.OIDC_ISSUER.startswith("https://"):
        return [
            Warning(
                "OIDC_ISSUER is not an https:// URL: the tokens would travel "
                "unencrypted.",
                id="accounts.W002",
            )
        ]
    return []
