"""Region-scale data for benchmarks (bench/). Each switch generates one kind
of data; what it generates is numbered and seeded, so running the command
again with the same numbers changes nothing, and larger numbers only add."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.scale import MAX_IN_ASSORTMENT, MAX_OUTSIDE, generate_articles
from demo.scale_aids import (
    BENCHMARK_HOLDINGS,
    MAX_PERSONS,
    benchmark_patient,
    generate_holdings,
    generate_persons,
)

# Every switch that asks for data; a new generator adds its switch here.
SWITCHES = ("articles", "outside", "persons", "patients", "holdings", "individuals")


class Command(BaseCommand):
    help = (
        "Generate region-scale data for benchmarks. Idempotent: the same "
        "numbers give the same data, so running it again changes nothing and "
        "larger numbers only add the rest. Example: "
        "generate_data --articles 15000 --outside 50000 --persons 300000 "
        "--patients 25000 --holdings 100000 --individuals 65000"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help=f"articles in the assortment, with stock at 500 (at most {MAX_IN_ASSORTMENT})",
        )
        parser.add_argument(
            "--outside",
            type=int,
            default=0,
            metavar="N",
            help=f"articles outside the assortment (at most {MAX_OUTSIDE})",
        )

        parser.add_argument(
            "--persons",
            type=int,
            default=0,
            metavar="N",
            help=f"persons in the population register (at most {MAX_PERSONS})",
        )
        parser.add_argument(
            "--patients",
            type=int,
            default=0,
            metavar="N",
            help="of the persons, how many hold the --holdings; the first has "
            f"exactly {BENCHMARK_HOLDINGS} (the benchmark patient)",
        )
        parser.add_argument(
            "--holdings", type=int, default=0, metavar="N", help="held aids"
        )
        parser.add_argument(
            "--individuals",
            type=int,
            default=0,
            metavar="N",
            help="of the holdings, how many are I-marked with an individual",
        )

    def handle(self, *args, **options):
        if not any(options[switch] for switch in SWITCHES):
            raise CommandError(
                "Nothing to generate: give at least one of "
                + ", ".join(f"--{switch}" for switch in SWITCHES)
                + "."
            )
        if options["articles"] or options["outside"]:
            self.step(
                "articles", generate_articles, options["articles"], options["outside"]
            )
        if options["persons"]:
            self.step("persons", generate_persons, options["persons"])
        if options["holdings"]:
            self.step(
                "holdings",
                generate_holdings,
                options["patients"],
                options["holdings"],
                options["individuals"],
            )
            patient = benchmark_patient()
            self.stdout.write(
                f"benchmark patient: {patient.first_name} {patient.last_name}, "
                f"{patient.holdings.count()} holdings"
            )

    def step(self, what, generate, *counts):
        """Run one generator in its own transaction and report its time."""
        if any(n < 0 for n in counts):
            raise CommandError(f"The numbers for {what} cannot be negative.")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                stored = generate(*counts)
        except ValueError as error:
            raise CommandError(error) from error
        self.stdout.write(f"{what}: {stored} in {time.perf_counter() - started:.1f} s")
