"""websesam is the roof only: settings, root urls, wsgi and gunicorn's
hooks, the context processor, the start, help, accessibility and error
pages, and the probes of the whole (health, readiness, metrics). The import
framework, the demo, the database roles and the access-log extract live in
the apps whose layer they belong to."""

from pathlib import Path

from django.conf import settings

ROOF = {
    "__init__.py",
    "settings.py",
    "urls.py",
    "wsgi.py",
    "gunicorn_conf.py",
    "context_processors.py",
    "views.py",
    "probes.py",
}


def test_websesam_holds_only_the_project_modules():
    package = Path(settings.BASE_DIR) / "websesam"
    found = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "__pycache__" not in path.parts
    }

    assert found == ROOF
