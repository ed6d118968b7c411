"""Where the time of a prescriber page goes, against the real (development)
database: each page's request split into middleware, session, auth, view
code, SQL, access logging, form rendering and template rendering (the base
template with its menu apart from the page's own content block).

Each category is timed exclusively: a category's time stops while a nested
one runs (SQL run by a template counts as SQL, a crispy form inside the
content block as form rendering). Not a test: load data first (see
bench/README.md), then, in production settings,

    DEBUG=0 DEMO=1 SECRET_KEY=x ALLOWED_HOSTS=localhost SECURE_SSL_REDIRECT=0 \\
        SECURE_COOKIES=0 .venv/bin/python bench/breakdown.py [--runs 30] [--cprofile PAGE]
"""

import argparse
import cProfile
import functools
import pstats
import statistics
import time

from common import WARM_UP, logged_in_client, percentile
from django.contrib.auth import middleware as auth_middleware
from django.contrib.sessions.backends import db as session_db
from django.core.handlers import base as handler_base
from django.db import connection
from django.forms import utils as form_utils
from django.template import loader_tags
from django.template.backends import django as django_backend
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from catalog.models import Article
from demo.scale_aids import benchmark_patient
from orders import services as order_services
from orders.models import Order

CATEGORIES = [
    "middleware",
    "session",
    "auth",
    "view",
    "SQL",
    "access log",
    "forms",
    "template: base",
    "template: body",
]


class Clock:
    """A stack of categories; the time since the last switch goes to the top."""

    def __init__(self):
        self.stack = []
        self.spent = dict.fromkeys(CATEGORIES, 0.0)
        self.queries = 0
        self.switched = time.perf_counter()

    def switch(self):
        now = time.perf_counter()
        if self.stack:
            self.spent[self.stack[-1]] += now - self.switched
        self.switched = now

    def push(self, category):
        self.switch()
        self.stack.append(category)

    def pop(self):
        self.switch()
        self.stack.pop()


CLOCK = Clock()


def timed(category, inside=None, unless=()):
    """Wrap a function so that its time goes to `category`: only when the
    current category is one of `inside` (if given) and not one of `unless`;
    otherwise it stays with the current one."""

    def wrap(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            top = CLOCK.stack[-1] if CLOCK.stack else None
            if top is None or (inside and top not in inside) or top in unless:
                return function(*args, **kwargs)
            CLOCK.push(category)
            try:
                return function(*args, **kwargs)
            finally:
                CLOCK.pop()

        return wrapper

    return wrap


def content_block(render):
    @functools.wraps(render)
    def wrapper(self, context):
        if self.name != "content":
            return render(self, context)
        return timed("template: body", inside=("template: base",))(render)(
            self, context
        )

    return wrapper


def field_template(render):
    """The project's lean field template (forms/field.html) is form rendering."""

    @functools.wraps(render)
    def wrapper(self, context):
        if getattr(self.template, "var", None) != "forms/field.html":
            return render(self, context)
        return timed("forms", unless=("forms",))(render)(self, context)

    return wrapper


def instrument():
    """Patch the functions that mark where a category starts."""
    handler_base.BaseHandler._get_response = timed("view")(
        handler_base.BaseHandler._get_response
    )
    store = session_db.SessionStore
    for name in ("load", "save", "exists", "create", "delete"):
        setattr(store, name, timed("session")(getattr(store, name)))
    auth_middleware.get_user = timed("auth")(auth_middleware.get_user)
    django_backend.Template.render = timed(
        "template: base", inside=("view", "access log")
    )(django_backend.Template.render)
    loader_tags.BlockNode.render = content_block(loader_tags.BlockNode.render)
    loader_tags.IncludeNode.render = field_template(loader_tags.IncludeNode.render)
    form_templates = ("template: base", "template: body", "view")
    form_utils.RenderableMixin.render = timed(
        "forms", inside=form_templates, unless=("forms",)
    )(form_utils.RenderableMixin.render)
    from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags

    crispy_forms_tags.BasicNode.render = timed("forms", inside=form_templates)(
        crispy_forms_tags.BasicNode.render
    )
    for name in ("as_crispy_form", "as_crispy_field"):
        setattr(
            crispy_forms_filters,
            name,
            timed("forms", inside=form_templates)(getattr(crispy_forms_filters, name)),
        )
    register = crispy_forms_filters.register
    for name in ("crispy", "as_crispy_field"):
        original = register.filters[name]
        register.filters[name] = timed("forms", inside=form_templates)(original)
    account_services.log_access = timed("access log")(account_services.log_access)
    _patch_log_access_imports()


def _patch_log_access_imports():
    """Views import log_access by name: replace it where they did."""
    import sys

    for module in list(sys.modules.values()):
        if getattr(module, "log_access", None) is not None and module is not (
            account_services
        ):
            name = getattr(module, "__name__", "")
            if name.split(".")[0] in ("aids", "catalog", "orders", "pickups"):
                module.log_access = account_services.log_access


def sql_timer(execute, *args):
    CLOCK.queries += 1
    CLOCK.push("SQL")
    try:
        return execute(*args)
    finally:
        CLOCK.pop()


def run(request):
    """One request: (wall seconds, {category: seconds}, queries)."""
    CLOCK.spent = dict.fromkeys(CATEGORIES, 0.0)
    CLOCK.queries = 0
    with connection.execute_wrapper(sql_timer):
        started = time.perf_counter()
        CLOCK.push("middleware")
        response = request()
        CLOCK.pop()
        wall = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"answered {response.status_code}")
    return wall, dict(CLOCK.spent), CLOCK.queries


def pages(client, user):
    """(label, request) of the prescriber pages at region scale."""
    patient = benchmark_patient()
    if patient is None:
        raise SystemExit("No benchmark patient: see bench/README.md.")
    articles = list(
        Article.objects.orderable()
        .filter(
            balances__on_hand__gt=40,
            older_links__isnull=True,
            individually_marked=False,
        )
        .order_by("article_no")[:10]
    )
    from aids.recipients import Recipient

    order = order_services.start_order(user, Recipient(person=patient))
    order_services.choose_customer(order, user.customers.order_by("kundid").first())
    for article in articles:
        order_services.add_line(order, article)
    anonymous = Client(HTTP_HOST="localhost")
    search = reverse("article_search")
    cfr = reverse("cfr")
    return order, [
        ("Inloggning (anonymous)", lambda: anonymous.get(reverse("login"))),
        ("Startsida", lambda: client.get(reverse("start"))),
        (
            "Hjälpmedel, 200 aids",
            lambda: client.get(reverse("recipient_aids", args=[patient.pk])),
        ),
        (
            "Sök artikel: rullstol (200 hits)",
            lambda: client.get(search, {"name": "rullstol"}),
        ),
        ("Sök artikel: empty form", lambda: client.get(search)),
        ("CFR: andersson (100 hits)", lambda: client.post(cfr, {"name": "andersson"})),
        ("CFR: empty form", lambda: client.get(cfr)),
        (
            "Mottagare",
            lambda: client.get(reverse("order_new_for", args=[patient.pk])),
        ),
        (
            "Kund/leveransadress",
            lambda: client.get(reverse("order_customer", args=[order.pk])),
        ),
        (
            "Orderrader, 10 lines",
            lambda: client.get(reverse("order_lines", args=[order.pk])),
        ),
        (
            "Leverans, 10 lines",
            lambda: client.get(reverse("order_delivery", args=[order.pk])),
        ),
        (
            "Hämtorder: ny, 200 aids",
            lambda: client.get(reverse("pickup_new", args=[patient.pk])),
        ),
        (
            "BMB: ny, 200 aids",
            lambda: client.get(reverse("transfer_new", args=[patient.pk])),
        ),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per page")
    parser.add_argument(
        "--cprofile",
        metavar="PAGE",
        help="print cProfile's top functions for pages whose label has PAGE",
    )
    args = parser.parse_args()
    instrument()
    client, user = logged_in_client()
    order, requests = pages(client, user)
    short = {
        "middleware": "mw",
        "session": "sess",
        "auth": "auth",
        "view": "view",
        "SQL": "SQL",
        "access log": "log",
        "forms": "forms",
        "template: base": "base",
        "template: body": "body",
    }
    print(
        f"{Order.objects.count()} orders; {args.runs} runs per page after {WARM_UP} warm-up"
    )
    print(
        f"{'page':<34} {'wall':>6} {'p95':>6} {'q':>4} "
        + " ".join(f"{short[c]:>6}" for c in CATEGORIES)
        + "   (medians, ms)"
    )
    try:
        for label, request in requests:
            for _ in range(WARM_UP):
                run(request)
            samples = [run(request) for _ in range(args.runs)]
            walls = [wall * 1000 for wall, _, _ in samples]
            print(
                f"{label:<34} {statistics.median(walls):>6.1f} "
                f"{percentile(walls, 0.95):>6.1f} {samples[-1][2]:>4} "
                + " ".join(
                    f"{statistics.median(s[c] * 1000 for _, s, _ in samples):>6.1f}"
                    for c in CATEGORIES
                )
            )
            if args.cprofile and args.cprofile.lower() in label.lower():
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.runs):
                    request()
                profiler.disable()
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    finally:
        order_services.delete_draft(order)


if __name__ == "__main__":
    main()
