"""No request makes a server error (issue 10, point 7): every URL pattern
of the resolver, with fuzz in its path where the converter takes any text,
in its query parameters and in every field of every form its page shows,
as each of the three personas. Fuzz is NUL, 5,000 characters, invalid
UTF-8, control characters, a number too large for the database, and what
hypothesis draws besides (derandomized: the same every run)."""

import zlib
from html.parser import HTMLParser
from itertools import islice, product
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aids.models import Holding, Individual, LostReport
from catalog.models import ArticleDocument
from deviations.models import Deviation
from invoicing.models import Invoice
from notices.models import Message
from orders.choices import OrderKind, OrderStatus
from orders.models import Order, OrderAttachment, OrderTemplate
from outside_assortment.models import OutsideRequest, OutsideRequestAttachment
from pickups.models import PickupOrder
from transfers.models import Transfer
from workorders.models import WorkOrder, WorkOrderAttachment

PLACEHOLDER = "FUZZ"
# Converters whose values are any text: the path itself is fuzzed there.
TEXT_CONVERTERS = {"StringConverter", "PathConverter", "SlugConverter"}
# Fuzz, percent-encoded as it travels in a path, a query or a form body.
NUL = "a%00b"
# Longer than the longest field (4,000), short enough that a form of many
# fields stays under Django's 2.5 MB for a request body.
OVERLONG = "%C3%A5" * 5_000
INVALID_UTF8 = "%ff%fe%c3%28"
CONTROL = "%01%1b%0d%0a%09%7f%c2%85%e2%80%a8"
TOO_LARGE = "9" * 20
FUZZ = st.text(min_size=1, max_size=40).map(lambda text: quote(text, safe=""))
# A formset's counts too large make Django build its maximum of 1,000 forms
# per inline: seconds a request, testing only Django's own cap.
FORM_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
# Query parameters read on many pages: the site's search, page, order and
# return address; the admin's filters kept, popup and target field.
SITE_PARAMS = {"q", "p", "o", "next"}
ADMIN_PARAMS = {"_changelist_filters", "_popup", "_to_field"}
# The POSTs that would end the test's own session or delete what later
# pages need: they are only visited, not fuzzed.
NOT_POSTED = ("/konto/avsluta/", "/admin/logout/", "/delete/")


def _walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield pattern, namespace


def _parameters(resolver, name):
    """Each URL parameter of a named pattern with its converter's class name
    (None for a regular expression's group)."""
    possibilities, _, _, converters = resolver.reverse_dict.getlist(name)[0]
    _, params = possibilities[0]
    return {param: type(converters.get(param)).__name__ for param in params}


def _candidates(param, converter, values, model_admin):
    if param == "object_id" and model_admin is not None:
        first = model_admin.model._default_manager.order_by("pk").first()
        return [PLACEHOLDER] + ([str(first.pk)] if first else [])
    if converter in TEXT_CONVERTERS:
        return [PLACEHOLDER, *values.get(param, [])]
    found = values[param]
    if converter in ("IntConverter", "NoneType") and found[0].isdigit():
        return [*found, TOO_LARGE]
    return found


def urls_of_every_pattern(values):
    """One or a few paths per URL pattern (at least one each), PLACEHOLDER
    where fuzz goes."""
    resolver = get_resolver()
    urls = []
    for pattern, namespace in _walk(resolver.url_patterns):
        if pattern.name is None:  # the admin's catch-all
            urls.append(f"/admin/{PLACEHOLDER}")
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        params = _parameters(
            resolver.namespace_dict[namespace][1] if namespace else resolver,
            pattern.name,
        )
        model_admin = getattr(pattern.callback, "model_admin", None)
        choices = [
            _candidates(param, converter, values, model_admin)
            for param, converter in params.items()
        ]
        found = len(urls)
        for combination in islice(product(*choices), 4):
            try:
                urls.append(
                    reverse(name, kwargs=dict(zip(params, combination, strict=True)))
                )
            except NoReverseMatch:  # a value the pattern's expression refuses
                continue
        assert len(urls) > found, f"{name} is visited by no URL"
    return urls


def demo_values(staff):
    draft = Order.objects.get(status=OrderStatus.DRAFT)
    placed = Order.objects.get(status=OrderStatus.REGISTERED, kind=OrderKind.ORDER)
    basket = Order.objects.get(kind=OrderKind.BASKET)
    article = placed.lines.select_related("article__iso_class").first().article
    ids = {
        "order_id": [draft.pk, placed.pk, basket.pk],
        "line_id": [draft.lines.first().pk, placed.lines.first().pk],
        "key": [placed.person_id, placed.customer.kundid],
        "person_id": [placed.person_id],
        "holding_id": [Holding.objects.filter(person=placed.person).first().pk],
        "work_order_id": [WorkOrder.objects.first().pk],
        "outside_request_id": [OutsideRequest.objects.first().pk],
        "template_id": [getattr(OrderTemplate.objects.first(), "pk", 1)],
        "betalarid": [placed.customer.default_payer.betalarid],
        "pickup_id": [PickupOrder.objects.first().pk],
        "transfer_id": [Transfer.objects.first().pk],
        "deviation_id": [Deviation.objects.first().pk],
        "report_id": [LostReport.objects.first().pk],
        "message_id": [Message.objects.first().pk],
        "attachment_id": [
            attachment.pk
            for model in (
                OrderAttachment,
                WorkOrderAttachment,
                OutsideRequestAttachment,
            )
            if (attachment := model.objects.first())
        ]
        or [placed.pk],
        "document_id": [getattr(ArticleDocument.objects.first(), "pk", 1)],
        "article_no": [article.article_no],
        "code": [article.iso_class.code],
        "individual_no": [Individual.objects.first().individual_no],
        "app_label": ["orders"],
        "id": [staff.pk],
        "number": [Invoice.objects.first().number],
    }
    return {param: [str(value) for value in found] for param, found in ids.items()}


class Forms(HTMLParser):
    """The forms of a page: method, action and the names of their fields,
    with the value of each submit button (it selects what a view does)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                    "buttons": {},
                }
            )
        elif tag in ("input", "select", "textarea", "button") and self.forms:
            name = attrs.get("name")
            kind = (attrs.get("type") or "").lower()
            if not name or name == "csrfmiddlewaretoken" or kind == "file":
                return
            if kind == "submit" or tag == "button":
                self.forms[-1]["buttons"][name] = attrs.get("value") or ""
            else:
                self.forms[-1]["fields"][name] = True


class Links(HTMLParser):
    """The query parameters of the page's links to itself (admin filters)."""

    def __init__(self):
        super().__init__()
        self.params = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("?"):
            self.params |= {key for key, _ in parse_qsl(href[1:])}


def targets_of(client, log_in, urls):
    """What to fuzz on each page the persona can open: the page's path,
    its query parameters (GET forms, filter links, the usual ones) and
    the fields of its POST forms. The admin's change, history and delete
    pages read no query but ADMIN_PARAMS, in Django's code every model
    shares: those are fuzzed on the changelists and add pages."""
    gets, posts = {}, {}
    for url in urls:
        page = url.replace(PLACEHOLDER, "x")
        log_in()
        response = client.get(page)
        assert response.status_code < 500, (page, response.status_code)
        if PLACEHOLDER in url:
            gets[url] = ()
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        forms, links = Forms(), Links()
        forms.feed(response.text)
        links.feed(response.text)
        in_admin = page.startswith("/admin/")
        params = links.params | (ADMIN_PARAMS if in_admin else SITE_PARAMS)
        for form in forms.forms:
            action = urljoin(page, form["action"])
            if urlsplit(action).netloc:
                continue
            if form["method"] == "get" or page.endswith("/add/"):
                # An add page takes its form's initial values from the query.
                params |= set(form["fields"])
            if form["method"] == "post" and not any(
                part in action for part in NOT_POSTED
            ):
                key = (action, tuple(form["fields"]), tuple(form["buttons"].items()))
                posts[key] = True
        if not in_admin or links.params or page.endswith("/add/"):
            gets[page] = tuple(sorted(params))
    return list(gets.items()), list(posts)


def _query(names, fuzz, fixed=None):
    fixed = fixed or {}
    pairs = [f"{quote(name)}={fuzz}" for name in names]
    pairs += [f"{quote(name)}={quote(value)}" for name, value in fixed.items()]
    return "&".join(pairs)


def send(client, log_in, gets, posts, fuzz):
    """Every fuzzed request; the ones answered with a server error."""
    errors = []

    def check(response, method, url):
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None) or (None, None)
            errors.append(f"{method} {url[:200]}: {exc_info[1]!r}")

    for url, params in gets:
        log_in()
        url = url.replace(PLACEHOLDER, fuzz)
        query = f"?{_query(params, fuzz)}" if params else ""
        check(client.get(url + query), "GET", url + query)
    # One POST per form and fuzz value, the form's submit buttons (each may
    # lead to different code) taking turns over the fuzz values.
    turn = zlib.crc32(fuzz.encode())
    for number, (action, fields, buttons) in enumerate(posts):
        choices = [{}] + [{name: value} for name, value in buttons]
        fixed = dict(choices[(turn + number) % len(choices)])
        if fuzz == TOO_LARGE:
            fixed |= {name: "0" for name in fields if name.endswith(FORM_COUNTS)}
        log_in()
        body = _query([name for name in fields if name not in fixed], fuzz, fixed)
        response = client.post(
            action, body, content_type="application/x-www-form-urlencoded"
        )
        check(response, "POST", f"{action} {body[:100]}")
    return errors


PERSONAS = ["anonymous", "prescriber", "staff"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_fuzzed_request_makes_a_server_error(seeded, persona):
    User = get_user_model()
    staff = User.objects.get(username="kundtjanst")
    user = {
        "anonymous": None,
        "prescriber": User.objects.get(username="anna.lind"),
        "staff": staff,
    }[persona]
    client = Client(raise_request_exception=False)

    def log_in():
        # Again before each request: a fuzzed POST may have ended the session.
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)

    gets, posts = targets_of(client, log_in, urls_of_every_pattern(demo_values(staff)))
    # Each fuzz value goes into a path, a query and a form's fields.
    assert any(PLACEHOLDER in url for url, _ in gets)
    assert any(params for _, params in gets)
    assert posts

    @settings(
        max_examples=1,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz=FUZZ)
    @example(fuzz=NUL)
    @example(fuzz=OVERLONG)
    @example(fuzz=INVALID_UTF8)
    @example(fuzz=CONTROL)
    @example(fuzz=TOO_LARGE)
    def no_server_errors(fuzz):
        errors = send(client, log_in, gets, posts, fuzz)
        assert not errors, "\n".join(errors)

    no_server_errors()
