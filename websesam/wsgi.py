import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "websesam.settings")

application = get_wsgi_application()

# WeasyPrint is loaded as the server process starts, not by the first PDF
# request of each worker (core.pdf.warm_up); with gunicorn's --preload, once
# in the master, shared by the workers it forks. After the application, which
# sets Django up for the template and static file lookups.
from core.pdf import warm_up  # noqa: E402

warm_up()
