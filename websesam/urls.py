from django.apps import apps
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from aids.views import access_extract
from imports import views as import_views

from . import probes, views

admin.site.site_header = _("webSesam – kundtjänst")
admin.site.site_title = "webSesam"
admin.site.index_title = "Administration"

handler500 = "websesam.views.server_error"

urlpatterns = [
    # Outside the Swedish paths: the names load balancers and Prometheus expect.
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("metrics", probes.metrics, name="metrics"),
    path("", views.start, name="start"),
    path("hjalp/<slug:topic>/", views.help_page, name="help"),
    path("manualer/", views.manuals, name="manuals"),
    path(
        "tillganglighet/",
        views.accessibility_statement,
        name="accessibility_statement",
    ),
    path("meddelanden/", include("notices.urls")),
    # Here rather than in accounts: the page shows the messages too.
    path("konto/dina-uppgifter/", views.my_details, name="my_details"),
    path("konto/", include("accounts.urls")),
    path("ansok-om-behorighet/", include("access_requests.urls")),
    path("", include("catalog.urls")),
    path("", include("aids.urls")),
    path("kundorder/", include("orders.urls")),
    path("arbetsorder/", include("workorders.urls")),
    path("hamtorder/", include("pickups.urls")),
    path("bmb/", include("transfers.urls")),
    path("e-faktura/", include("invoicing.urls")),
    path("avvikelser/", include("deviations.urls")),
    path("utanfor-sortiment/", include("outside_assortment.urls")),
    path("admin/import/", import_views.import_file, name="admin_import"),
    path("admin/loggutdrag/", access_extract.extract, name="admin_access_extract"),
    path("admin/", admin.site.urls),
]

# The load benchmark's bare view (demo/views.py): only where the demo app is
# installed, so a production server never answers it.
if apps.is_installed("demo"):
    urlpatterns.append(path("", include("demo.urls")))
