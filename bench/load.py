"""Load benchmark: the pages under concurrent users, over HTTP, against a
running server (`make run`, or the production-like scripts/serve-bench).

Logs in through the real login form (CSRF token from the page) as the demo
prescribers, then measures, in one run against the same server:

1. the first PDF of each worker: a new order's PDF asked for by --workers
   clients at once, before anything else makes a PDF;
2. saturated throughput of single pages: --clients clients in a closed loop
   (each sends its next request when the last is answered) for --seconds
   each, the bare view (/bench/ok/, "ok" under the same server) first, so
   every page is also given as a fraction of it (× bare);
3. the 95th percentile of each page and of the PDF at 1 user (--runs
   sequential requests);
4. the mixed scenario: --users prescribers with 1–3 s think time searching
   articles, opening the benchmark patient's aids, searching CFR and
   completing 3-line orders (delivery details, Verkställ, confirmation,
   PDF), for --mixed-seconds; the p95 and errors per request type.

It executes orders: run it against a copy of the benchmark database
(bench/README.md). The fixtures (benchmark patient, stocked articles, demo
passwords) are read from the database of DATABASE_URL, which must be the
server's. Not a test; a run of about a minute:

    DEBUG=1 DATABASE_URL=... .venv/bin/python bench/load.py --quick
"""

import argparse
import http.client
import random
import re
import statistics
import threading
import time
import urllib.parse
from collections import defaultdict
from html.parser import HTMLParser
from http.cookies import SimpleCookie

ORDER_LINES = 3
# The orders take their lines from this many stocked articles, so that a
# run leaves stock on each.
ARTICLES = 40
SINGLE_PAGE_LINES = 10
# The mixed scenario's users order for this many patients, one each.
ORDER_PATIENTS = 50
THINK_SECONDS = (1.0, 3.0)
BARE = "/bench/ok/"
# Typical searches with many hits (at region scale: article search capped at
# 200 hits, CFR at 100).
ARTICLE_SEARCHES = ["rollator", "rullstol manuell", "dyna", "lyftsele", "säng 90"]
CFR_SEARCHES = ["andersson", "anna andersson", "lindq", "erik", "karin"]
# The request types of the report, from the path of each request.
KINDS = [
    (r"^/bench/ok/$", "bare Django view"),
    (r"^/konto/logga-in/$", "login page"),
    (r"^/$", "start page"),
    (r"^/hjalpmedel/[^/]+/vardrelation/$", "care relationship"),
    (r"^/hjalpmedel/[^/]+/$", "aids page"),
    (r"^/sok-artikel/$", "article search"),
    (r"^/cfr/$", "CFR search"),
    (r"^/kundorder/ny/[^/]+/$", "order: Mottagare"),
    (r"^/kundorder/[^/]+/kund/$", "order: Kund"),
    (r"^/kundorder/[^/]+/rader/$", "order lines"),
    (r"^/kundorder/[^/]+/leverans/$", "order: Leverans"),
    (r"^/kundorder/[^/]+/bekraftelse/$", "order: confirmation"),
    (r"^/kundorder/[^/]+/bekraftelse\.pdf$", "order PDF"),
]


def kind_of(method, path):
    for pattern, label in KINDS:
        if re.match(pattern, path):
            return label if method == "GET" else f"{label} (POST)"
    return f"{method} {path}"


def percentile(samples, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


class TimeUp(Exception):
    """The mixed scenario's time is over: the user stops where they are."""


class Recorder:
    """Times and errors per request type, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)

    def add(self, kind, seconds, ok):
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1

    def fail(self, kind):
        """An error that is no request's: a flow that went wrong."""
        with self.lock:
            self.errors[kind] += 1


class Forms(HTMLParser):
    """The forms of a page as a browser would send them: each input's
    value, checked boxes and radios, the selected option (else the first
    with a value, as a user would choose), textareas, and the submit
    buttons by name."""

    def __init__(self, html):
        super().__init__()
        self.forms = []
        self.select = self.textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action", ""),
                    "method": attrs.get("method", "get").upper(),
                    "fields": [],
                    "radios": defaultdict(list),
                    "buttons": [],
                }
            )
        if not self.forms or "name" not in attrs and tag != "option":
            return
        form = self.forms[-1]
        kind = attrs.get("type", "text" if tag == "input" else "submit")
        if tag == "input" and kind in ("checkbox", "radio"):
            if kind == "radio":
                form["radios"][attrs["name"]].append(attrs.get("value", "on"))
            if "checked" in attrs:
                form["fields"].append((attrs["name"], attrs.get("value", "on")))
        elif tag in ("input", "button") and kind == "submit":
            form["buttons"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "input" and kind not in ("file", "button", "reset", "image"):
            form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = [attrs["name"], None, None]
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select[2] is None and value:
                self.select[2] = value
            if "selected" in attrs:
                self.select[1] = value
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            name, selected, first = self.select
            self.forms[-1]["fields"].append((name, selected or first or ""))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.forms[-1]["fields"].append(tuple(self.textarea))
            self.textarea = None


class Page:
    def __init__(self, path, status, body):
        self.path, self.status, self.body = path, status, body

    def form(self, having):
        """The first form with a field or button named `having`."""
        for form in Forms(self.body).forms:
            names = {name for name, _ in form["fields"] + form["buttons"]}
            if having in names or having in form["radios"]:
                return form
        raise RuntimeError(f"{self.path}: no form with {having!r}")


class Browser:
    """One user: cookies, CSRF, redirects; every request timed by type."""

    def __init__(self, url, recorder):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.recorder = recorder
        self.cookies = {}

    def request(self, method, path, fields=None, htmx=False):
        """The page at the end of the redirects, each request recorded. With
        `htmx`, sent as htmx sends it: the answer may be a part of the page
        (the same path), or HX-Redirect to a page loaded in full."""
        while True:
            status, location, body = self._send(method, path, fields, htmx)
            if status in (301, 302, 303) and location:
                method, fields = "GET", None
                path = urllib.parse.urljoin(path, location)
                continue
            if htmx and location and status == 200:
                method, fields, htmx = "GET", None, False
                path = urllib.parse.urljoin(path, location)
                continue
            return Page(path, status, body)

    def _send(self, method, path, fields, htmx=False):
        body = urllib.parse.urlencode(fields or []) if method == "POST" else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if htmx:
            headers["HX-Request"] = "true"
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        started = time.perf_counter()
        # Gunicorn's sync workers close every connection: a new one each time.
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
        except OSError:
            self.recorder.add(
                kind_of(method, path), time.perf_counter() - started, False
            )
            raise
        finally:
            connection.close()
        self.recorder.add(
            kind_of(method, urllib.parse.urlsplit(path).path),
            time.perf_counter() - started,
            response.status < 400,
        )
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return (
            response.status,
            response.headers.get("HX-Redirect" if htmx else "Location"),
            content.decode(errors="replace"),
        )

    def submit(self, page, having, values=None, button=None, htmx=False):
        """Send the form of `page` that has `having`, as a browser would:
        its own values, `values` over them, the first choice of any radio
        group left unchecked, and the first `button` (a name, or a name and
        value) pressed; with `htmx` as htmx does (Orderrader)."""
        form = page.form(having)
        values = values or {}
        fields = [(n, v) for n, v in form["fields"] if n not in values]
        fields += [(n, v) for n, v in values.items()]
        chosen = {name for name, _ in fields}
        fields += [
            (n, opts[0]) for n, opts in form["radios"].items() if n not in chosen
        ]
        pressed = [b for b in form["buttons"] if button in (b[0], b)]
        fields += pressed[:1]
        action = urllib.parse.urljoin(page.path, form["action"] or page.path)
        return self.request(form["method"], action, fields, htmx)

    def log_in(self, username, password):
        page = self.request("GET", "/konto/logga-in/")
        page = self.submit(
            page, "username", {"username": username, "password": password}
        )
        if page.path != "/":
            raise RuntimeError(f"login as {username} ended on {page.path}")


def expect(page, pattern):
    if page.status != 200 or not re.match(pattern, page.path):
        raise RuntimeError(f"expected {pattern}, got {page.status} {page.path}")
    return page


def open_patient(browser, key):
    """The aids page, confirming a care relationship first when asked."""
    page = browser.request("GET", f"/hjalpmedel/{key}/")
    if "/vardrelation/" in page.path:
        page = browser.submit(page, "reason", {"confirmed": "on"})
    return expect(page, r"^/hjalpmedel/[^/]+/$")


def draft(browser, key, articles):
    """A new draft for the patient with a line of each article, through the
    pages a prescriber uses: Mottagare, Kund, Orderrader (taking the
    outgoing alternative proposed under a line, if any)."""
    page = browser.request("GET", f"/kundorder/ny/{key}/")
    if "/vardrelation/" in page.path:
        page = browser.submit(page, "reason", {"confirmed": "on"})
    page = browser.submit(page, "token", button=("choice", "ny"))
    if page.path.endswith("/kund/"):
        page = browser.submit(page, "customer")
    for article in articles:
        expect(page, r"^/kundorder/[^/]+/rader/$")
        field = next(
            name
            for name, _ in page.form("version")["fields"]
            if name.endswith("article_no")
        )
        # The lines form is saved in place with htmx, as in a browser.
        page = browser.submit(page, "version", {field: article}, "save", htmx=True)
        while "choose" in dict(page.form("version")["buttons"]):
            page = browser.submit(page, "version", button="choose", htmx=True)
    return expect(page, r"^/kundorder/[^/]+/rader/$")


def pdf_of(confirmation):
    return confirmation.replace("/bekraftelse/", "/bekraftelse.pdf")


def complete_order(browser, key, articles, think, pdf=True):
    """A whole order: its draft, Leverans with the details, Verkställ, the
    confirmation and (unless told not to) its PDF. Returns the path of the
    confirmation."""
    page = draft(browser, key, articles)
    think()
    page = browser.submit(page, "version", button="continue", htmx=True)
    expect(page, r"^/kundorder/[^/]+/leverans/$")
    think()
    page = browser.submit(
        page,
        "execute",
        {"recipient_phone": "070-123 45 67", "contact_person": "Lasttest"},
        "execute",
    )
    expect(page, r"^/kundorder/[^/]+/bekraftelse/$")
    if pdf:
        think()
        expect(browser.request("GET", pdf_of(page.path)), r".")
    return page.path


def fixtures():
    """(prescribers with passwords, benchmark patient's key, articles to
    order, keys of the patients orders are for) from the server's database.
    The orders are for other patients than the benchmark patient, one per
    user: each order gives its patient 3 aids, and the benchmark patient's
    aids page is measured with 200."""
    from common import stocked_articles

    from aids.models import Person
    from demo.management.commands.seed_demo import USERS
    from demo.scale_aids import benchmark_patient

    patient = benchmark_patient()
    if patient is None:
        raise SystemExit("No benchmark patient: load the data (bench/README.md).")
    articles = [article.article_no for article in stocked_articles(ARTICLES)]
    prescribers = [(user[0], user[3]) for user in USERS if not user[4] and user[5]]
    ordered_for = (
        Person.objects.filter(
            holdings__isnull=False, protected_identity=False, deceased_on__isnull=True
        )
        .exclude(pk=patient.pk)
        .order_by("personnummer")
        .values_list("pk", flat=True)
        .distinct()[:ORDER_PATIENTS]
    )
    return prescribers, str(patient.pk), articles, [str(pk) for pk in ordered_for]


class User:
    """A logged-in prescriber with a browser of their own."""

    def __init__(self, args, recorder, number, fixture):
        prescribers, self.patient, self.articles, ordered_for = fixture
        self.orders_for = ordered_for[number % len(ordered_for)]
        self.browser = Browser(args.url, recorder)
        self.browser.log_in(*prescribers[number % len(prescribers)])
        self.random = random.Random(number)  # noqa: S311 - no secret

    def pick(self, count):
        return self.random.sample(self.articles, count)


def single_pages(users, prescribers):
    """(label, path, as a user) of the pages measured one at a time: the
    bare view and the login page anonymous, the others as the users; the
    order lines of a draft of 10 lines of each prescriber (a list: user i is
    prescriber i modulo their number, as User logs in)."""
    user = users[0]
    open_patient(user.browser, user.patient)
    lines = [
        draft(u.browser, u.patient, u.pick(SINGLE_PAGE_LINES)).path
        for u in users[:prescribers]
    ]
    search = urllib.parse.urlencode({"name": ARTICLE_SEARCHES[0]})
    return [
        ("bare Django view", BARE, None),
        ("login page (anonymous)", "/konto/logga-in/", None),
        ("start page", "/", user),
        ("aids page, benchmark patient", f"/hjalpmedel/{user.patient}/", user),
        (f"article search {ARTICLE_SEARCHES[0]!r}", f"/sok-artikel/?{search}", user),
        (f"CFR search {CFR_SEARCHES[0]!r}", "/cfr/", user),
        (f"order lines, {SINGLE_PAGE_LINES} lines", lines, user),
    ]


def fetch(browser, path, index=0):
    """One request of a single-page measurement as user `index` (a list of
    paths has one for each prescriber; CFR is a POST search)."""
    if isinstance(path, list):
        path = path[index % len(path)]
    if path == "/cfr/":
        return browser.request("POST", path, cfr_fields(browser, CFR_SEARCHES[0]))
    return browser.request("GET", path)


def cfr_fields(browser, name):
    return [
        ("csrfmiddlewaretoken", browser.cookies.get("csrftoken", "")),
        ("name", name),
    ]


def saturate(args, recorder, users, path, as_user):
    """Requests per second of `path` from --clients closed-loop clients."""
    deadline = time.perf_counter() + args.seconds
    counts = [0] * args.clients

    def loop(index):
        browser = (
            users[index % len(users)].browser
            if as_user
            else Browser(args.url, recorder)
        )
        while time.perf_counter() < deadline:
            fetch(browser, path, index)
            counts[index] += 1

    started = time.perf_counter()
    run_threads(loop, args.clients)
    return sum(counts) / (time.perf_counter() - started)


def run_threads(target, count):
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def one_user(args, recorder, user, path, as_user):
    """p95 in ms of --runs sequential requests after 3 to warm up."""
    browser = user.browser if as_user else Browser(args.url, recorder)
    times = []
    for run in range(3 + args.runs):
        started = time.perf_counter()
        fetch(browser, path)
        if run >= 3:
            times.append(time.perf_counter() - started)
    return percentile(times, 0.95) * 1000


def first_pdfs(args, user):
    """The PDF of a new order requested by --workers clients at once, so
    that each worker answers one, twice: on a freshly started server, the
    first PDF of each worker, then the next (ms), in the same conditions."""
    pdf = pdf_of(
        complete_order(
            user.browser,
            user.orders_for,
            user.pick(ORDER_LINES),
            lambda: None,
            pdf=False,
        )
    )
    rounds = []
    for _ in range(2):
        times = [0.0] * args.workers

        def get(index, times=times):
            started = time.perf_counter()
            expect(user.browser.request("GET", pdf), r".")
            times[index] = (time.perf_counter() - started) * 1000

        run_threads(get, args.workers)
        rounds.append(sorted(times))
    return pdf, rounds


def pdf_one_user(args, user, pdf):
    """p95 and slowest in ms of --runs sequential requests of the PDF."""
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        expect(user.browser.request("GET", pdf), r".")
        times.append(time.perf_counter() - started)
    return percentile(times, 0.95) * 1000, max(times) * 1000


def act(user, action, rng, think):
    """One thing a prescriber does in the mixed scenario."""
    if action == "search":
        query = urllib.parse.urlencode({"name": rng.choice(ARTICLE_SEARCHES)})
        user.browser.request("GET", f"/sok-artikel/?{query}")
    elif action == "aids":
        open_patient(user.browser, user.patient)
    elif action == "cfr":
        user.browser.request("GET", "/cfr/")
        think()
        name = rng.choice(CFR_SEARCHES)
        user.browser.request("POST", "/cfr/", cfr_fields(user.browser, name))
    else:
        complete_order(user.browser, user.orders_for, user.pick(ORDER_LINES), think)


def mixed(args, fixture):
    """The mixed scenario: --users prescribers log in (not measured), then
    each searches articles, opens the patient, searches CFR or completes an
    order, thinking 1–3 s between requests, until --mixed-seconds have
    passed. A flow that ends on the wrong page counts as an error of that
    flow. Returns the recorder and the requests per second."""
    users = [None] * args.users

    def log_in(index):
        users[index] = User(args, Recorder(), index, fixture)

    run_threads(log_in, args.users)
    recorder = Recorder()
    deadline = time.perf_counter() + args.mixed_seconds

    def session(index):
        rng = random.Random(1000 + index)  # noqa: S311 - no secret
        user = users[index]
        user.browser.recorder = recorder

        def think():
            time.sleep(rng.uniform(*THINK_SECONDS))
            if time.perf_counter() > deadline:
                raise TimeUp

        try:
            think()
            while True:
                action = rng.choices(["search", "aids", "cfr", "order"], [3, 3, 2, 2])[
                    0
                ]
                try:
                    act(user, action, rng, think)
                except (OSError, RuntimeError):
                    recorder.fail(f"flow: {action}")
                think()
        except TimeUp:
            return

    started = time.perf_counter()
    run_threads(session, args.users)
    elapsed = time.perf_counter() - started
    total = sum(len(times) for times in recorder.times.values())
    return recorder, total / elapsed


def print_table(args, rows, pdf_row, mixed_recorder):
    """The issue's table: one row per page, then the PDF."""
    mixed_p95 = {
        kind: f"{percentile(times, 0.95) * 1000:.0f} ms"
        for kind, times in mixed_recorder.times.items()
        if times
    }
    bare = rows[0][2]
    print(
        f"| page | saturated req/s | × bare | p95 at 1 user | mixed {args.users} users p95 |"
    )
    print("|---|---|---|---|---|")
    for label, path, rate, p95 in rows:
        path = path[0] if isinstance(path, list) else path
        kind = kind_of(
            "POST" if path == "/cfr/" else "GET", urllib.parse.urlsplit(path).path
        )
        mixed = mixed_p95.get(kind, "—") if path != BARE else "—"
        print(f"| {label} | {rate:.0f} | {rate / bare:.3f} | {p95:.1f} ms | {mixed} |")
    pdf_p95, pdf_max, (first, second) = pdf_row
    print(
        f"| order PDF | — | — | {pdf_p95:.0f} ms ({args.runs} sequential, slowest "
        f"{pdf_max:.0f} ms); {args.workers} at once on a fresh server: the first "
        f"of each worker {first[0]:.0f}–{first[-1]:.0f} ms, the next "
        f"{second[0]:.0f}–{second[-1]:.0f} ms "
        f"| {mixed_p95.get('order PDF', '—')} |"
    )


def print_mixed(recorder, rate):
    times = [t for kind_times in recorder.times.values() for t in kind_times]
    print(
        f"\nMixed: {rate:.1f} req/s, p95 {percentile(times, 0.95) * 1000:.0f} ms over "
        f"all {len(times)} requests, {sum(recorder.errors.values())} errors"
    )
    print(f"{'request type':<36} {'count':>6} {'median':>8} {'p95':>8} {'errors':>6}")
    for kind in sorted({*recorder.times, *recorder.errors}):
        kind_times = recorder.times[kind] or [0.0]
        print(
            f"{kind:<36} {len(recorder.times[kind]):>6} "
            f"{statistics.median(kind_times) * 1000:>6.0f}ms "
            f"{percentile(kind_times, 0.95) * 1000:>6.0f}ms {recorder.errors[kind]:>6}"
        )


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--clients", type=int, default=10, help="closed-loop clients per page"
    )
    parser.add_argument("--seconds", type=float, default=10, help="per saturated page")
    parser.add_argument(
        "--runs", type=int, default=50, help="sequential requests at 1 user"
    )
    parser.add_argument(
        "--users", type=int, default=50, help="users of the mixed scenario"
    )
    parser.add_argument(
        "--mixed-seconds", type=float, default=120, help="of the mixed scenario"
    )
    parser.add_argument("--workers", type=int, default=5, help="the server's workers")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="about a minute: 1 s per page, 10 runs at 1 user, 25 s mixed",
    )
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.runs, args.mixed_seconds = 1, 10, 25
    return args


def main():
    args = arguments()
    fixture = fixtures()
    recorder = Recorder()
    users = [User(args, recorder, number, fixture) for number in range(args.clients)]
    # First, while the workers have made no PDF yet.
    pdf, rounds = first_pdfs(args, users[0])
    print(
        f"{args.url}: {args.clients} clients × {args.seconds:g} s per page, "
        f"{args.runs} runs at 1 user, mixed {args.users} users × "
        f"{args.mixed_seconds:g} s"
    )
    rows = [
        (
            label,
            path,
            saturate(args, recorder, users, path, as_user),
            one_user(args, recorder, users[0], path, as_user),
        )
        for label, path, as_user in single_pages(users, len(fixture[0]))
    ]
    pdf_row = (*pdf_one_user(args, users[0], pdf), rounds)
    single_errors = sum(recorder.errors.values())
    mixed_recorder, mixed_rate = mixed(args, fixture)
    print()
    print_table(args, rows, pdf_row, mixed_recorder)
    print(f"\nErrors in the single-page runs: {single_errors}")
    print_mixed(mixed_recorder, mixed_rate)


if __name__ == "__main__":
    main()
