from django.urls import path, re_path

from .recipients import KEY
from .views import care, individuals, lost, population, recipients

# Recipients' aids (Hjälpmedel), individual cards (Individkort) and the
# population register (CFR). Add paths with small insertions: several
# people edit this file.
urlpatterns = [
    path("hjalpmedel/", recipients.search, name="aids_search"),
    re_path(rf"^hjalpmedel/{KEY}/$", recipients.aids, name="recipient_aids"),
    re_path(
        rf"^hjalpmedel/{KEY}/uppgifter/$",
        recipients.details,
        name="recipient_details",
    ),
    re_path(
        rf"^hjalpmedel/{KEY}/innehav/(?P<holding_id>\d+)/$",
        recipients.holding,
        name="recipient_holding",
    ),
    re_path(
        rf"^hjalpmedel/{KEY}/aterlamnade/$",
        recipients.returned,
        name="recipient_returned",
    ),
    path(
        "hjalpmedel/<uuid:person_id>/vardrelation/",
        care.confirm,
        name="care_relationship",
    ),
    path("individkort/", individuals.individual_search, name="individual_search"),
    path(
        "individkort/<str:individual_no>/",
        individuals.individual_card,
        name="individual_card",
    ),
    path("cfr/", population.cfr, name="cfr"),
    re_path(
        rf"^hjalpmedel/{KEY}/innehav/(?P<holding_id>\d+)/borttappat/$",
        lost.new,
        name="lost_report_new",
    ),
    path(
        "hjalpmedel/borttappat/<uuid:report_id>/",
        lost.detail,
        name="lost_report_detail",
    ),
]
