from .views import baskets, delivery, placed, report, steps, templates

# Each views module lists its own paths, so the pages of one part of the flow
# are added without touching the others.
urlpatterns = [
    *steps.urlpatterns,
    *delivery.urlpatterns,
    *placed.urlpatterns,
    *baskets.urlpatterns,
    *templates.urlpatterns,
    *report.urlpatterns,
]
