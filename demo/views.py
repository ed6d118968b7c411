"""The bare view of the load benchmark (bench/load.py): Django and the
project's middleware answering "ok" and nothing else, the ceiling the pages
are compared with under the same server in the same run."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse


# Anonymous, so that it measures the server and the middleware, not a
# session or a user loaded from the database. Routed only where the demo app
# is installed (DEMO=1: development, tests, benchmarks), never in production.
@login_not_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")
