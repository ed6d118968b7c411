"""The importers by kind: each app registers its own in `<app>/importers.py`."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

_registry = {}


def register(importer):
    """Class decorator: make an importer reachable by its `kind`. An app
    above may extend the importer of an app below (columns it stores in its
    own models) by registering a subclass under the same kind; apps are
    discovered in INSTALLED_APPS order, which lists the lower apps first."""
    registered = _registry.get(importer.kind)
    if registered is not None and not issubclass(importer, registered):
        raise ImproperlyConfigured(
            f"Two importers of {importer.kind!r}: {registered} and {importer}."
        )
    _registry[importer.kind] = importer
    return importer


def importers():
    """The registered importers by kind, in the documented load order."""
    autodiscover_modules("importers")
    return dict(sorted(_registry.items(), key=lambda item: item[1].order))
