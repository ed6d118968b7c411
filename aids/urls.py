from django.urls import path  # noqa: F401 - the aids pages add their paths here

# Recipients' aids (Hjälpmedel), individual cards (Individkort) and the
# population register (CFR). Add paths with small insertions: several
# people edit this file.
urlpatterns = []
