"""The importers by kind: each app registers its own in `<app>/importers.py`."""

from django.utils.module_loading import autodiscover_modules

_registry = {}


def register(importer):
    """Class decorator: make an importer reachable by its `kind`."""
    _registry[importer.kind] = importer
    return importer


def importers():
    """The registered importers by kind, in the documented load order."""
    autodiscover_modules("importers")
    return dict(sorted(_registry.items(), key=lambda item: item[1].order))
