from django.urls import path

from .views import individuals, population

# Recipients' aids (Hjälpmedel), individual cards (Individkort) and the
# population register (CFR). Add paths with small insertions: several
# people edit this file.
urlpatterns = [
    path("individkort/", individuals.individual_search, name="individual_search"),
    path(
        "individkort/<str:individual_no>/",
        individuals.individual_card,
        name="individual_card",
    ),
    path("cfr/", population.cfr, name="cfr"),
]
