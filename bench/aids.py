"""Benchmark of Hjälpmedel and CFR against the real (development) database.

Opens the aids page of the benchmark patient (exactly 200 holdings, made by
generate_data) and runs CFR name searches, through Django's test client as a
logged-in prescriber, and reports the server time: median and 95th
percentile, with the number of SQL queries and their time. Not a test: load
data first (see bench/README.md), then

    DEBUG=1 .venv/bin/python bench/aids.py [--runs 20] [--target-ms 50]
"""

import argparse

from common import HEADER, WARM_UP, logged_in_client, measure, report, summary
from django.urls import reverse

from aids.models import Person
from demo.scale_aids import benchmark_patient

# Fewer persons than this and the figures say little about a region.
REGION_SCALE = 100_000

# CFR searches a prescriber makes: name parts in any order, without accents,
# with a city or the start of a personnummer.
CFR_SEARCHES = [
    ("name: andersson", {"name": "andersson"}),
    ("name: anna andersson", {"name": "anna andersson"}),
    ("name: andersson anna (other order)", {"name": "andersson anna"}),
    ("name: ostlund (no accents)", {"name": "ostlund"}),
    ("name: lindq", {"name": "lindq"}),
    ("name: erik + city Umeå", {"name": "erik", "city": "Umeå"}),
    ("name: karin + postal code 931", {"name": "karin", "postal_code": "931"}),
    ("name: sven + born 1945", {"name": "sven", "personnummer": "1945"}),
    ("name: no hit", {"name": "xyzzy qwerty"}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per page")
    parser.add_argument("--target-ms", type=float, default=50, help="p95 target")
    args = parser.parse_args()

    persons = Person.objects.count()
    patient = benchmark_patient()
    if patient is None:
        raise SystemExit(
            "No benchmark patient: run manage.py generate_data --persons 300000 "
            "--patients 25000 --holdings 100000 --individuals 65000 first."
        )
    if persons < REGION_SCALE:
        print(f"Only {persons} persons: the figures say little about a region.\n")
    client, user = logged_in_client()
    print(
        f"{persons} persons; {args.runs} runs per page after {WARM_UP} warm-up; "
        f"as {user.username}\n"
    )
    print(f"{'page':<40} {HEADER}")

    url = reverse("recipient_aids", args=[patient.pk])
    rows = patient.holdings.filter(returned_on__isnull=True).count()
    aids = report(
        "Hjälpmedel: benchmark patient",
        measure(lambda: client.get(url), args.runs),
        rows,
    )
    cfr = reverse("cfr")
    everything = []
    for label, params in CFR_SEARCHES:
        samples = measure(lambda params=params: client.post(cfr, params), args.runs)
        everything += report(f"CFR {label}", samples)
    print()
    summary("Hjälpmedel", aids, args.target_ms)
    summary("CFR, all searches", everything, args.target_ms)


if __name__ == "__main__":
    main()
