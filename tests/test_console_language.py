"""The console speaks the reader's language on every page, for every role. A shop whose data
is all in Latin letters (so that any Chinese on an English page is the console's own) is
walked page by page, following every link from the menu, as each role, in both languages:

- in English, no CJK character may appear outside the language switcher;
- in Chinese, no label may be left in English (a text with Latin words and no Chinese, once
  the shop's own data and a few technical names are taken out).

Generated from the links, so a new page, tab or partial is checked without a new test."""

import re
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from chat import services as chat
from dropship import services as dropship
from merchant.models import Role
from orders import services as orders
from payouts import services as payouts
from tests.factories.dropship import bind, make_manufacturer, make_merchant, return_address
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory
from tests.factories.payouts import bind_card
from tests.factories.products import CategoryFactory, make_product
from tests.fuzz.test_console_walk import SKIP, console_patterns, fill

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")
PATH = re.compile(r"/[\w/.-]+")  # a URL path shown as an example
USERNAME = re.compile(r"user\d+")  # the factories' logins
# Names that stay as they are in Chinese: file formats, protocols, product names, codes.
TECHNICAL = {
    "CSV", "XLSX", "API", "SKU", "URL", "HTTP", "JSON", "PDF", "Token", "REST", "Swagger",
    "ReDoc", "OpenAPI", "Django", "EMS", "ICBC", "WebSocket", "ERP", "English", "htmx",
    "Chromium", "POST", "GET", "Bearer", "iPhone", "Android", "Excel", "UTF", "GBK",
}  # fmt: skip
LANGUAGE_NAMES = {"简体中文"}  # the switcher names each language in itself
MAX_PAGES = 120  # per role and language: the menu, its tabs and one of each detail page

# Everything the shop's people typed, in Latin letters: taken out before the Chinese check.
USER_DATA = [
    "Sunny Store", "Maker Co", "Sunny", "Mr Wang", "Mrs Chen", "1 West Lake Road, Hangzhou",
    "2 Factory Street, Yiwu", "Cotton tee", "White / L", "Black / M", "Tops", "Amy", "Li Lei",
    "Zhejiang", "Hangzhou", "Yuhang", "Building 3, Room 101", "Returns desk",
    "Wrong size", "Called the buyer", "Ships after the weekend", "Hello, is it in stock?",
    "Yes, ships today", "Hi there", "Wang Wu", "ICBC", "shipments.csv", "Torn seam",
    "Building 5, Room 2",
]  # fmt: skip


class PageText(HTMLParser):
    """The texts a reader sees: text nodes outside scripts and styles, and the attributes
    that are read aloud or shown (title, placeholder, aria-label, alt)."""

    SHOWN = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.texts, self.links, self.ids, self._hidden = [], [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "option" and attrs.get("lang"):
            return
        self.texts += [value for name, value in attrs.items() if name in self.SHOWN and value]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def read(html: str) -> PageText:
    parser = PageText()
    parser.feed(html)
    return parser


def english_leaks(texts) -> list[str]:
    return [text for text in texts if CJK.search(text) and text not in LANGUAGE_NAMES]


def chinese_leaks(texts) -> list[str]:
    """Texts with English words left once the shop's data and technical names are out: one
    word where there is no Chinese at all (a label), two where Chinese surrounds them (a
    sentence half translated, or an English sentence around a translated name)."""
    leaks = []
    for text in texts:
        rest = PATH.sub(" ", text)
        for value in sorted(USER_DATA, key=len, reverse=True):
            rest = rest.replace(value, " ")
        words = [word for word in WORD.findall(rest) if word not in TECHNICAL]
        if len(words) >= (2 if CJK.search(text) else 1) and not USERNAME.fullmatch(rest.strip()):
            leaks.append(text)
    return leaks


@pytest.fixture
def world(db):
    """A merchant shop with staff of every role, a bound manufacturer, and something on
    every page: orders in each state, an after-sale, an assignment, a chat, income, a
    refused withdrawal, statements, a return address, notifications."""
    owner = MembershipFactory(role=Role.OWNER, shop__name="Sunny Store")
    shop = owner.shop
    maker = MembershipFactory(role=Role.OWNER, shop__name="Maker Co")
    make_merchant(
        owner, display_name="Sunny", sender_name="Mr Wang", address="1 West Lake Road, Hangzhou"
    )
    make_manufacturer(
        maker, display_name="Maker Co", sender_name="Mrs Chen", address="2 Factory Street, Yiwu"
    )
    binding = bind(owner, maker)
    staff = {role: MembershipFactory(shop=shop, role=role) for role in Role.values[1:]}
    CategoryFactory(name="Tops")
    product = make_product(shop, price="59.00", stock=50, title="Cotton tee", specs=["White / L"])
    make_product(shop, price="49.00", stock=2, title="Cotton tee", specs=["Black / M"])
    buyer = BuyerFactory(nickname="Amy")
    consignee_place = {
        "phone": "13700137000",
        "province": "Zhejiang",
        "city": "Hangzhou",
        "district": "Yuhang",
        "address": "Building 3, Room 101",
    }
    consignee = {"name": "Li Lei", **consignee_place}
    chat.send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text="Hello, is it in stock?")
    chat.send_buyer_message(buyer=buyer, shop_no=shop.shop_no, goods_id=product.goods_id)
    placed = [
        orders.place_order(
            buyer=buyer,
            shop_no=shop.shop_no,
            items=[{"sku_id": product.skus.get().pk, "quantity": quantity}],
            consignee=consignee,
        )
        for quantity in (1, 20, 1, 1, 1, 1)  # the second one's income pays a withdrawal
    ]
    conversation = chat.send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text="?").conversation
    chat.send_merchant_message(conversation=conversation, user=owner.user, text="Yes, ships today")
    chat.add_quick_phrase(shop=shop, text="Hi there")
    shipped, received, refunded, assigned, remarked, late = placed
    orders.ship_order(order=shipped, carrier="SF", tracking_no="SF1234567890123")
    orders.ship_order(order=received, carrier="YTO", tracking_no="YT1234567890123")
    orders.confirm_receipt(order=received)
    payouts.credit_order_income(order=received)
    after_sale = orders.open_after_sale(
        order=refunded, buyer=buyer, reason="Wrong size", amount="5"
    )
    orders.refuse_after_sale(after_sale=after_sale, actor=owner.user, reason="Called the buyer")
    orders.open_after_sale(order=refunded, buyer=buyer, reason="Wrong size", amount="5")
    dropship.sync_dropship_orders(binding=binding)
    dropship.assign_orders(
        merchant_shop=shop,
        order_sns=[assigned.order_sn],
        manufacturer_shop_no=maker.shop.shop_no,
        actor=owner.user,
    )
    orders.set_remark(
        order=remarked, remark="Ships after the weekend", remark_flag="red", actor=owner.user
    )
    type(late).objects.filter(pk=late.pk).update(ship_deadline=timezone.now() - timedelta(days=1))
    orders.detect_late_shipments()
    return_address(shop, name="Returns desk", **consignee_place)
    orders.add_package(order=shipped, carrier="ZTO", tracking_no="75312345678901")
    orders.request_address_change(
        order=remarked, buyer=buyer, consignee={**consignee, "address": "Building 5, Room 2"}
    )
    returned = orders.open_after_sale(
        order=shipped, buyer=buyer, reason="Torn seam", amount="20", kind="return_and_refund"
    )
    orders.approve_after_sale(after_sale=returned, actor=owner.user)
    orders.ship_return(
        after_sale=returned, buyer=buyer, carrier="SF", tracking_no="SF1234567890999"
    )
    card = bind_card(shop, owner.user)
    type(card).objects.filter(pk=card.pk).update(holder_name="Wang Wu")
    withdrawal = payouts.request_withdrawal(shop=shop, amount="1000.00", requested_by=owner.user)
    payouts.mark_withdrawal_failed(withdrawal=withdrawal, reason="")
    dropship.request_statement(
        merchant_shop=shop,
        manufacturer_shop_no=maker.shop.shop_no,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        actor=owner.user,
    )
    orders.start_shipment_import(  # an import report with refused rows, uploaded in Chinese
        shop=shop,
        rows=[
            {"order_sn": shipped.order_sn, "carrier": "SF", "tracking_no": "SF1234567890123"},
            {"order_sn": "261203-000000000000000", "carrier": "SF", "tracking_no": "SF12"},
            {"order_sn": late.order_sn, "carrier": "SF", "tracking_no": "SF12"},
        ],
        actor=owner.user,
        file_name="shipments.csv",
        language="zh-hans",
    )
    return {"owner": owner, **staff, "manufacturer": maker}


def walk(client: Client):
    """Every console page reachable from the menu and the URL configuration (routes without
    parameters), once each: (url, html)."""
    seeds = [fill(route, "") for route in console_patterns() if "<" not in route]
    queue, seen, pages = deque(["/", *seeds]), set(), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        parts = urlsplit(url)
        if url in seen or parts.netloc or parts.path.lstrip("/").startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append((url, html))
        for link in read(html).links:
            target = urljoin(url, link).split("#")[0]
            if target.startswith("/") and "cursor=" not in target:
                queue.append(target)
    return pages


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_page_speaks_the_readers_language(world, language):
    """...and names each element id once (two forms' fields with one id: a label that
    focuses the wrong field, a test that fills the wrong form)."""
    check = english_leaks if language == "en" else chinese_leaks
    leaks, visited, twice = {}, 0, set()
    for name, membership in world.items():
        client = Client(raise_request_exception=False)
        client.force_login(membership.user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url, html in walk(client):
            visited += 1
            page = read(html)
            for text in check(page.texts):
                leaks.setdefault(text, set()).add(f"{name} {urlsplit(url).path}")
            twice |= {f"{urlsplit(url).path} #{i}" for i in set(page.ids) if page.ids.count(i) > 1}
    assert visited > 60  # the walk really went through the console
    assert sorted(twice) == [], "\n".join(sorted(twice))
    report = [f"{text!r}: {', '.join(sorted(where)[:3])}" for text, where in sorted(leaks.items())]
    assert report == [], "\n".join(report)
