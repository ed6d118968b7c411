"""Region-scale data for benchmarks (bench/). Each switch generates one kind
of data; what it generates is numbered and seeded, so running the command
again with the same numbers changes nothing, and larger numbers only add."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from aids.models import Holding, Individual, IndividualHistory, Person
from catalog.models import Article, ArticleFit, IsoClass, Supplier
from core.dbroles import as_owner
from demo.scale import MAX_IN_ASSORTMENT, MAX_OUTSIDE, generate_articles
from demo.scale_aids import (
    BENCHMARK_HOLDINGS,
    MAX_PERSONS,
    benchmark_patient,
    generate_holdings,
    generate_persons,
)
from demo.scale_orders import generate_orders
from orders.models import Order, OrderLine
from warehouse.models import StockBalance, StockMovement

# Every switch that asks for data; a new generator adds its switch here.
SWITCHES = (
    "articles",
    "outside",
    "persons",
    "patients",
    "holdings",
    "individuals",
    "order_lines",
)
# The models each step writes, whose tables (and audit events') get fresh
# planner statistics afterwards.
WRITTEN = {
    "articles": [Supplier, IsoClass, Article, ArticleFit, StockBalance, StockMovement],
    "persons": [Person],
    "holdings": [Holding, Individual, IndividualHistory],
    "orders": [Order, OrderLine, Holding],
}


class Command(BaseCommand):
    help = (
        "Generate region-scale data for benchmarks. Idempotent: the same "
        "numbers give the same data, so running it again changes nothing and "
        "larger numbers only add the rest. Example: "
        "generate_data --articles 15000 --outside 50000 --persons 300000 "
        "--patients 25000 --holdings 100000 --individuals 65000 "
        "--order-lines 1000000"
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
        parser.add_argument(
            "--order-lines",
            type=int,
            default=0,
            metavar="N",
            help="lines of executed orders: one order per generated holding, "
            "then orders of 1-10 lines over the last three years (after "
            "--holdings)",
        )

    def handle(self, *args, **options):
        if not any(options[switch] for switch in SWITCHES):
            raise CommandError(
                "Nothing to generate: give at least one of "
                + ", ".join(f"--{switch.replace('_', '-')}" for switch in SWITCHES)
                + "."
            )
        steps = []
        if options["articles"] or options["outside"]:
            steps.append("articles")
            self.step(
                "articles", generate_articles, options["articles"], options["outside"]
            )
        if options["persons"]:
            steps.append("persons")
            self.step("persons", generate_persons, options["persons"])
        if options["holdings"]:
            steps.append("holdings")
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
        if options["order_lines"]:
            steps.append("orders")
            self.step("order lines", generate_orders, options["order_lines"])
        self.analyze(steps)

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

    def analyze(self, steps):
        """Fresh planner statistics for the tables written, so the pages'
        plans fit the new sizes at once rather than after autovacuum gets
        round to it. Only a table's owner may ANALYZE it (PostgreSQL 15),
        so as MIGRATE_DATABASE_URL's role when there is one."""
        if connection.in_atomic_block:
            # The owner's connection would see none of the rows and record
            # the tables as empty, which misleads every later plan.
            self.stdout.write("ANALYZE skipped: the rows are not committed yet")
            return
        models = {}
        for step in steps:
            for model in WRITTEN[step]:
                models[model] = None
                if event_model := getattr(model, "pgh_event_model", None):
                    models[event_model] = None
        tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
        started = time.perf_counter()
        with as_owner(), connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        role = (settings.MIGRATE_DATABASE or settings.DATABASES["default"])["USER"]
        self.stdout.write(
            f"ANALYZE as {role}, the owner role: {len(tables)} tables in "
            f"{time.perf_counter() - started:.1f} s"
        )
