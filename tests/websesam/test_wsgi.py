"""The WSGI module loads WeasyPrint as the server starts: no request pays
for its import and fonts (seconds, in every fresh worker)."""

import subprocess
import sys

from django.conf import settings

from core.pdf import warm_up

# In a fresh interpreter, as a server process: is WeasyPrint loaded by Django
# alone (it must not be, or the test proves nothing), and what does importing
# the WSGI module render?
SCRIPT = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "websesam.settings")
import django
django.setup()
print("weasyprint" in sys.modules)
import core.pdf
rendered = []
html_to_pdf = core.pdf.html_to_pdf
core.pdf.html_to_pdf = lambda html: rendered.append(html_to_pdf(html)) or rendered[-1]
import websesam.wsgi
print(len(rendered), rendered[0][:5] if rendered else None)
"""


def test_importing_the_wsgi_module_renders_a_pdf():
    result = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["False", "1 b'%PDF-'"]


def test_the_warm_up_is_a_pdf():
    assert warm_up().startswith(b"%PDF-")
