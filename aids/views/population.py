"""CFR (F-16): search the population register."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.access import access_context
from accounts.choices import AccessAction
from accounts.services import log_access
from core.search import capped

from ..forms import CfrSearchForm
from ..rows import person_rows

MAX_HITS = 100


# A refused or fruitless search shows the typed personnummer again, with no
# person logged (which is what makes a page no-store): never_cache for that.
@never_cache
def cfr(request):
    # POST, so that a personnummer never reaches a URL or an access log line.
    form = CfrSearchForm(request.POST or None)
    found = None
    if form.is_valid():
        found = capped(form.search(), MAX_HITS)
        log_access(access_context(request), found.hits, AccessAction.SEARCH)
    return render(
        request,
        "aids/cfr.html",
        {
            "form": form,
            "hits": found and found.hits,
            "rows": found and person_rows(found.hits),
            "too_many": found is not None and found.too_many,
            "max_hits": MAX_HITS,
        },
    )
