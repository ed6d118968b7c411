"""Swedish names for the third-party apps customer service sees in the
admin. Their translatable strings are in locale/sv; what they never mark
for translation (the names django-axes gives its rows, pghistory's
"events") is named here. INSTALLED_APPS lists these configurations
instead of the apps' own."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pghistory.apps import PGHistoryConfig

from core.admin_input import DateHierarchyAdmin


def _attempt_time(row):
    return f"{timezone.localtime(row.attempt_time):%Y-%m-%d %H:%M}"


class AxesConfig(AxesAppConfig):
    verbose_name = _("Inloggningsförsök")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = lambda row: (
            _("Misslyckade inloggningar %(user)s") % {"user": row.username}
        )
        AccessFailureLog.__str__ = lambda row: (
            _("Misslyckad inloggning %(user)s %(time)s")
            % {"user": row.username, "time": _attempt_time(row)}
        )
        AccessLog.__str__ = lambda row: (
            _("Inloggning %(user)s %(time)s")
            % {
                "user": row.username,
                "time": _attempt_time(row),
            }
        )
        # Django's admin has registered axes' admins by now (it comes first
        # in INSTALLED_APPS); their date hierarchies need ours.
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            if admin.site.is_registered(model):
                model_admin = type(admin.site.get_model_admin(model))
                admin.site.unregister(model)
                admin.site.register(
                    model,
                    type(
                        model_admin.__name__,
                        (DateHierarchyAdmin, model_admin),
                        {"__module__": __name__},
                    ),
                )


class PghistoryConfig(PGHistoryConfig):
    verbose_name = _("Ändringshistorik")

    def ready(self):
        super().ready()
        from pghistory.models import Context, Events, MiddlewareEvents

        for model, name, plural in (
            (Events, _("händelse"), _("händelser")),
            (
                MiddlewareEvents,
                _("händelse med användare"),
                _("händelser med användare"),
            ),
            (Context, _("sammanhang"), _("sammanhang")),
        ):
            model._meta.verbose_name = name
            model._meta.verbose_name_plural = plural
        Events.__str__ = _event_name


def _event_name(event):
    # Imported here: the events admin needs the app registry, which is not
    # ready when INSTALLED_APPS loads this module.
    from .audit_admin import tracked_model_name

    model = tracked_model_name(event.pgh_obj_model)
    return f"{model} {event.pgh_obj_id}, {timezone.localtime(event.pgh_created_at):%Y-%m-%d %H:%M}"
