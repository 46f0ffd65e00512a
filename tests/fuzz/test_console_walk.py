"""Every console URL and form, walked with odd input: each parameter and each form field
gets values that have broken pages before (digits that are not ASCII, NUL bytes, dates past
the calendar, huge numbers). No answer may be a 5xx. The API has schemathesis; this is the
same for the pages, generated from the URL configuration, so a new page is covered too.
In the fuzz family (make test, make fuzz; not make test-fast): some 7,000 requests, a third
of the quick families' time. The cases it found are kept as quick tests in
tests/test_console_input.py."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories.dropship import bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

ODD = ["²", "١٢", "x\x00y", "9999-12-31", "-1", "1e309", "99999999999999999999999", "'\"<>", "𝟙"]
PARAMS = [
    "cursor",
    "page",
    "page_size",
    "q",
    "tab",
    "status",
    "paid_from",
    "paid_to",
    "c",
    "conversation",
    "days",
    "format",
    "after",
    "order_sn",
    "consignee",
    "category",
    "late",
    "kind",
    "reason_code",
    "created_from",
    "created_to",
    "due_soon",
    "day",
    "unread",
    "action",
    "operator",
    "target",
]
SKIP = ("admin/", "api/", "i18n/", "media/", "favicon.ico", "accounts/logout/")


def console_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from console_patterns(entry, route)
        elif isinstance(entry, URLPattern) and not route.startswith(SKIP):
            yield route


def fill(route: str, value: str) -> str:
    route = route.lstrip("^").rstrip("$")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


@pytest.fixture(params=["merchant", "manufacturer"])
def clients(request, db, owner_membership):
    """The console as each side sees it (one test each, so that workers share the walk)."""
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    place(BuyerFactory(), make_product(merchant.shop, stock=5).skus.get())
    client = Client(raise_request_exception=False)
    client.force_login((merchant if request.param == "merchant" else maker).user)
    return [client]


def test_no_console_url_answers_5xx_to_odd_input(clients):
    failures = []
    routes = sorted(set(console_patterns()))
    assert len(routes) > 30  # the walk really found the console
    for client in clients:
        for route in routes:
            for value in ["1", *ODD]:
                url = fill(route, "1" if "int:" in route else value)
                # Every parameter at once with each value, and one by one with the value
                # that broke most pages ("²" passes str.isdigit() but not int()).
                queries = [dict.fromkeys(PARAMS, value)]
                if value == "²":
                    queries += [{name: value} for name in PARAMS]
                for query in queries:
                    response = client.get(url, query)
                    if response.status_code >= 500:
                        name = next(iter(query)) if len(query) == 1 else "*"
                        failures.append(("GET", url, name, value, response.status_code))
                if "int:" in route:
                    break
    assert summary(failures) == []


def summary(failures):
    """One line per page and parameter (or form), with the values that broke it."""
    seen = {}
    for method, url, *rest in failures:
        key = (method, url, rest[0] if method == "GET" else "form")
        seen.setdefault(key, set()).add(repr(rest[-2]))
    return [f"{m} {u} {p}: {', '.join(sorted(v))}" for (m, u, p), v in sorted(seen.items())]


def test_no_console_form_answers_5xx_to_odd_input(clients):
    failures = []
    field = re.compile(r'name="([a-z_\-0-9]+)"')
    for client in clients:
        for route in sorted(set(console_patterns())):
            url = fill(route, "1")
            page = client.get(url)
            if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                continue
            names = set(field.findall(page.content.decode())) - {"csrfmiddlewaretoken"}
            for value in ODD:
                response = client.post(url, dict.fromkeys(names, value))
                if response.status_code >= 500:
                    failures.append(("POST", url, value, response.status_code))
    assert summary(failures) == []
