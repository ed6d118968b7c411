"""CFR (F-16): search the population register."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accounts.choices import AccessAction
from accounts.services import log_access

from ..forms import CfrSearchForm
from ..rows import person_rows

# One more is fetched to know that there are more.
MAX_HITS = 100


# A refused or fruitless search shows the typed personnummer again, with no
# person logged (which is what makes a page no-store): never_cache for that.
@never_cache
def cfr(request):
    # POST, so that a personnummer never reaches a URL or an access log line.
    form = CfrSearchForm(request.POST or None)
    hits = None
    if form.is_valid():
        found = list(form.search()[: MAX_HITS + 1])
        hits = found[:MAX_HITS]
        log_access(request, hits, AccessAction.SEARCH)
    return render(
        request,
        "aids/cfr.html",
        {
            "form": form,
            "hits": hits,
            "rows": hits and person_rows(hits),
            "too_many": hits is not None and len(found) > MAX_HITS,
            "max_hits": MAX_HITS,
        },
    )
