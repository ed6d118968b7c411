"""Permission names in Swedish. Django stores them once, in English ("Can
add …"), when an app is migrated; customer service picks them on a user's
page in the admin, so they are renamed after each app's migration."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext as _


def _name(action, model):
    names = {
        "add": _("Kan lägga till %(model)s"),
        "change": _("Kan ändra %(model)s"),
        "delete": _("Kan ta bort %(model)s"),
        "view": _("Kan visa %(model)s"),
    }
    return names[action] % {"model": model._meta.verbose_name}


def name_permissions_in_swedish(
    app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, verbosity=0, **kwargs
):
    """A post_migrate receiver: the app's default permissions (created
    first, so that they exist whichever receiver runs first) get Swedish
    names; custom permissions already have them. flush (after each browser
    test) sends the signal without `apps`: the permissions are made anew."""
    models = list(app_config.get_models())
    if not models:
        return
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    with translation.override("sv"):
        wanted = {
            (model._meta.app_label, f"{action}_{model._meta.model_name}"): _name(
                action, model
            )[:255]
            for model in models
            for action in model._meta.default_permissions
        }
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label
    )
    renamed = []
    for permission in permissions.select_related("content_type"):
        name = wanted.get((permission.content_type.app_label, permission.codename))
        if name and permission.name != name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
