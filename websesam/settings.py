"""Settings for websesam, read from the environment.

Development defaults are safe: DEBUG is off unless asked for, and a missing
SECRET_KEY is only tolerated in DEBUG. Production values are listed in README.md.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The demo data (seed_demo, generate_data) for development, the tests and the
# benchmarks: never in production, where its commands do not exist.
DEMO = env_bool("DEMO", DEBUG)

INSTALLED_APPS = [
    # First: an app's commands win over those of the apps after it and over
    # Django's own (core's migrate and flush connect as the owner role).
    "core",
    "websesam",
    "imports",
    "accounts",
    "notices",
    "catalog",
    "warehouse",
    "aids",
    "orders",
    "workorders",
    "pickups",
    "transfers",
    "invoicing",
    "deviations",
    "outside_assortment",
    "scheduling",
    "access_requests",
    *(["demo"] if DEMO else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    # Their own configurations with Swedish names (core/third_party.py).
    "core.third_party.AxesConfig",
    "pgtrigger",
    "core.third_party.PghistoryConfig",
    "pghistory.admin",
]


MIDDLEWARE = [
    # Outermost: its request id and time cover everything below.
    "core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that its Cache-Control is the last word on the response.
    "accounts.middleware.NoStoreForPersonsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the database with what the request carries.
    "core.middleware.RefuseNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django's LocaleMiddleware, after AuthenticationMiddleware: the language
    # is the user's choice (User.language), never the browser's.
    "core.locale_middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Before SessionLifetimeMiddleware, which tells the user why they were logged out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Must be last: it turns axes' lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "websesam.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "websesam.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "websesam.wsgi.application"


def private_cluster(role):
    return "postgres://{}@{}/websesam".format(
        role, str(BASE_DIR / ".data" / "run").replace("/", "%2F")
    )


# The app connects as DATABASE_URL's role. MIGRATE_DATABASE_URL's role owns
# the schema: migrate and flush connect as it, and migrate then grants the app
# role its privileges (core/dbroles.py). Without DATABASE_URL, the private
# cluster that `make run` / `make test` start under .data/ (unix socket only,
# so it never clashes with another server), with both roles; with
# DATABASE_URL alone, one role does everything.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or private_cluster("websesam"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME") or None}
# The pages' queries are small: starting parallel workers cost more than
# they saved (the 200-aid aids page's query 6 -> 11-14 ms at region scale),
# and the server's own workers keep the cores busy. Nor is compiling a
# query worth it (JIT: 35 ms of Rekvirerat's month sorted by recipient,
# whose estimated cost passed jit_above_cost, for a 110 ms query).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c max_parallel_workers_per_gather=0 -c jit=off"
)
MIGRATE_DATABASE = None
if env("MIGRATE_DATABASE_URL") or not env("DATABASE_URL"):
    MIGRATE_DATABASE = dj_database_url.parse(
        env("MIGRATE_DATABASE_URL") or private_cluster("websesam_owner")
    )
    if any(
        MIGRATE_DATABASE[key] != DATABASES["default"][key]
        for key in ("HOST", "PORT", "NAME")
    ):
        raise ImproperlyConfigured(
            "MIGRATE_DATABASE_URL must name the database of DATABASE_URL."
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Only for the provider's callback (its own credentials); a no-op unless
    # OIDC is configured.
    "accounts.oidc.ProviderBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# NIST SP 800-63B rev. 4 / OWASP ASVS 5: length, no composition rules,
# not easy to guess: no common password, nothing resembling the user's own
# data, a zxcvbn score of at least 3 (PasswordStrengthValidator runs Django's
# common-password and similarity checks itself, to give one reason).
PASSWORD_MIN_LENGTH = 15
PASSWORD_MAX_LENGTH = 128
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": PASSWORD_MAX_LENGTH},
    },
    {
        "NAME": "accounts.validators.PasswordStrengthValidator",
        "OPTIONS": {"min_score": 3},
    },
]
# Activation and reset links are single-use and expire after this many seconds.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 72 * 3600)

# Sessions: 30 minutes idle, 10 hours at most. The idle limit is renewed
# at most once a minute (SessionLifetimeMiddleware), not by an UPDATE on
# every request.
SESSION_ENGINE = "accounts.session_store"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_MAX_AGE = env_int("SESSION_MAX_SECONDS", 10 * 3600)
INACTIVE_USER_DAYS = env_int("INACTIVE_USER_DAYS", 183)
# Ansök om behörighet: the unit manager's link is valid this many days, and
# applications are limited per client address an hour and per applicant's
# e-mail address a day (counted in the database, shared by every app server).
ACCESS_REQUEST_LINK_DAYS = env_int("ACCESS_REQUEST_LINK_DAYS", 7)
ACCESS_REQUEST_LIMIT_PER_IP = env_int("ACCESS_REQUEST_LIMIT_PER_IP", 10)
ACCESS_REQUEST_LIMIT_PER_EMAIL = env_int("ACCESS_REQUEST_LIMIT_PER_EMAIL", 3)

# Failed logins lock for AXES_COOLOFF_TIME: a username from one IP after a
# few, a username from any IPs (guessing from many addresses) after more, an
# IP for any usernames (trying many accounts) after still more, as a whole
# office shares one IP. accounts.login_throttle gives each its own limit.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMITS = {
    ("username", "ip_address"): AXES_FAILURE_LIMIT,
    ("username",): env_int("AXES_USERNAME_FAILURE_LIMIT", 10),
    ("ip_address",): env_int("AXES_IP_FAILURE_LIMIT", 30),
}
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters in LOGIN_FAILURE_LIMITS]
AXES_HANDLER = "accounts.login_throttle.PerParameterLimitsHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.axes_username.axes_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the app, each adding to X-Forwarded-For: the client's
# address for the login limits and log is found by counting them.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.login_throttle.client_ip"

# Login through the region's identity provider (OpenID Connect: SITHS eID),
# with mozilla-django-oidc (accounts.oidc). On when OIDC_ISSUER and
# OIDC_CLIENT_ID are set. Endpoints not given here are read from the
# issuer's discovery document at the first login and cached, never here.
# A user is matched to an existing active account by OIDC_USER_CLAIM
# (compared with the User field OIDC_USER_FIELD), never created.
OIDC_ISSUER = env("OIDC_ISSUER").rstrip("/")
OIDC_DISCOVERY_URL = env("OIDC_DISCOVERY_URL") or (
    OIDC_ISSUER + "/.well-known/openid-configuration" if OIDC_ISSUER else ""
)
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env("OIDC_SCOPES", "openid profile")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_JWKS_ENDPOINT")
OIDC_OP_END_SESSION_ENDPOINT = env("OIDC_END_SESSION_ENDPOINT")
OIDC_USER_CLAIM = env("OIDC_USER_CLAIM", "sub")
OIDC_USER_FIELD = env("OIDC_USER_FIELD", "hsa_id")
if OIDC_USER_FIELD not in ("hsa_id", "username"):
    raise ImproperlyConfigured(
        f"OIDC_USER_FIELD must be hsa_id or username, not {OIDC_USER_FIELD!r}"
    )
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# The region's own CA (a file of PEM certificates) when its provider's TLS
# certificate is not from a public one.
OIDC_VERIFY_SSL = env("OIDC_CA_BUNDLE") or True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
# Off: prescribers log in only through the provider; staff may still use
# their password (on the login page behind "Personal", and in the admin).
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True)

# Swedish is the source language and the default; English (locale/en) is
# chosen in the header. Each language is named in itself, as a reader of
# the other one looks for it that way.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LANGUAGE_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Swedish number and date formats in English too (core/formats/en).
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".data" / "static"
STATICFILES_DIRS = [BASE_DIR / "static", ("bootstrap", xstatic_bootstrap.BASE_DIR)]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / ".data" / "media")


def s3_storage(
    bucket,
    endpoint_url="",
    region="",
    access_key_id="",
    secret_access_key="",
    prefix="",
    addressing_style="",
):
    """The default storage in an S3 bucket. Private: no ACL is sent (the
    bucket's own policy, private, applies), and any URL it makes is signed
    and expires in a minute; the app itself serves the files after its
    permission check and access log (core.attachments.file_response), so no
    URL of the bucket ever reaches a browser. Without keys, boto3's own chain
    (AWS_* variables, profile, instance role) supplies the credentials."""
    if bool(access_key_id) != bool(secret_access_key):
        raise ImproperlyConfigured(
            "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither."
        )
    credentials = (
        {"access_key": access_key_id, "secret_key": secret_access_key}
        if access_key_id
        else {}
    )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "addressing_style": addressing_style or None,
            "location": prefix.strip("/"),
            **credentials,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            # As on disk: a kept invoice PDF is never written over.
            "file_overwrite": False,
            # A file read for serving is held in memory up to this size and
            # in a temporary file beyond it.
            "max_memory_size": 10 * 1024 * 1024,
        },
    }


# Attachments, article documents and the invoices' PDFs: in an S3 bucket
# when S3_BUCKET is set, so that several app servers share them; under
# MEDIA_ROOT otherwise.
STORAGES = {
    "default": s3_storage(
        env("S3_BUCKET"),
        endpoint_url=env("S3_ENDPOINT_URL"),
        region=env("S3_REGION"),
        access_key_id=env("S3_ACCESS_KEY_ID"),
        secret_access_key=env("S3_SECRET_ACCESS_KEY"),
        prefix=env("S3_PREFIX"),
        addressing_style=env("S3_ADDRESSING_STYLE"),
    )
    if env("S3_BUCKET")
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The audit trail's admin pages (Ändringshistorik): in Swedish
# (core.audit_admin), a protected identity's address only for staff with
# the permission (aids.admin), and access-logged (aids.history_admin).
PGHISTORY_ADMIN_CLASS = "aids.history_admin.LoggedEventsAdmin"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"


# E-mail: SMTP when EMAIL_HOST is set, otherwise printed on the console
# (development). Tests use Django's in-memory backend.
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER") or None,
                "password": env("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webSesam <noreply@hjalpmedel.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the links in e-mails point (scheme and host), e.g. https://websesam.region.se
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

CUSTOMER_SERVICE_PHONE = "090-785 93 65"
CUSTOMER_SERVICE_EMAIL = "hmv.kundtjanst@vll.se"

# Files attached to orders (F-10).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Drafts nobody has touched for this many days are removed
# (manage.py purge_drafts, run daily).
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 30)

# Days from a payer's invoice date to its due date (issue 16).
INVOICE_DUE_DAYS = env_int("INVOICE_DUE_DAYS", 30)
# How many months before the one invoiced a run corrects changes dated back
# into (invoicing.changes): older months are left as invoiced.
INVOICE_CORRECTION_MONTHS = env_int("INVOICE_CORRECTION_MONTHS", 12)
# An invoice's PDF is made once and kept (manage.py render_invoice_pdfs,
# after invoice_month); asked for before that, the download view makes it
# only for an invoice of at most this many lines (about 2 s per 1,000 lines:
# well inside the server's 30 s timeout) and tells the user to come back
# for a larger one.
INVOICE_PDF_INLINE_MAX_LINES = env_int("INVOICE_PDF_INLINE_MAX_LINES", 2000)
# The centre as seller on every invoice: printed on the PDF and sent as the
# seller party of the Peppol BIS Billing 3.0 document. The defaults are the
# demo region's; a region sets its own.
INVOICE_SELLER = {
    "name": env("INVOICE_SELLER_NAME", "Region Västerbotten, Hjälpmedelscentrum"),
    "org_number": env("INVOICE_SELLER_ORG_NUMBER", "232100-0222"),
    "vat_number": env("INVOICE_SELLER_VAT_NUMBER", "SE232100022201"),
    "peppol_id": env("INVOICE_SELLER_PEPPOL_ID", "0007:2321000222"),
    "street": env("INVOICE_SELLER_STREET", "Köksvägen 11"),
    "postal_code": env("INVOICE_SELLER_POSTAL_CODE", "901 89"),
    "city": env("INVOICE_SELLER_CITY", "Umeå"),
    "country": env("INVOICE_SELLER_COUNTRY", "SE"),
    "bankgiro": env("INVOICE_SELLER_BANKGIRO", "5050-1055"),
    "email": env("INVOICE_SELLER_EMAIL", "hmv.faktura@regionvasterbotten.se"),
    "phone": env("INVOICE_SELLER_PHONE", "090-785 00 00"),
}

# Security headers. Scripts and styles come only from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # The logout form's answer redirects to the provider's end-session
    # endpoint, which browsers check against form-action.
    "form-action": [
        CSP.SELF,
        *sorted(
            {
                "{0.scheme}://{0.netloc}".format(urlsplit(url))
                for url in (OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT)
                if url
            }
        ),
    ],
}
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "websesam.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# The probes of a load balancer and the scrapes of Prometheus reach the app
# server directly, over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# /metrics answers only with this bearer token (and not at all without one).
METRICS_TOKEN = env("METRICS_TOKEN")
# With several gunicorn workers: a directory, emptied when gunicorn starts,
# where prometheus-client keeps each worker's metrics (core/metrics.py).
PROMETHEUS_MULTIPROC_DIR = env("PROMETHEUS_MULTIPROC_DIR")

# "plain" lines for people, or "json" lines for a log collector, with a
# line per request (core/request_log.py).
LOG_FORMAT = env("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}")

# Every handler escapes control characters and masks personnummer
# (core.logging). Django's own loggers and gunicorn's (configured here
# again when the app loads in a worker) are sent to the same handler instead
# of the handlers they bring, which would bypass the filter.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"safe": {"()": "core.logging.SafeLogFilter"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["safe"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Its INFO is a line per font and stylesheet of every PDF.
        "weasyprint": {"level": "WARNING"},
        # The request lines: gunicorn's access log has them in plain lines.
        "websesam.request": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        "gunicorn.error": {"handlers": ["console"], "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "propagate": False},
    },
}
