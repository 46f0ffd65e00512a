"""Every console page works under the strict Content-Security-Policy: Chromium reports no
violation and no script error on any page of each role, the admin and the API docs, and the
behaviours that used to be inline scripts still work."""

import pytest
from playwright.sync_api import expect

from chat.models import Conversation
from merchant.models import User
from tests.e2e.conftest import log_in
from tests.factories.dropship import bind, make_manufacturer, make_merchant
from tests.factories.merchant import PASSWORD
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)

MERCHANT_PAGES = [
    "/dashboard/",
    "/orders/",
    "/orders/?tab=awaiting_shipment",
    "/products/",
    "/products/new/",
    "/payouts/",
    "/payouts/bank-card/",
    "/dropship/",
    "/dropship/manufacturers/",
    "/dropship/statements/",
    "/chat/",
    "/settings/",
    "/notifications/",
    "/accounts/tokens/",
    "/accounts/password/",
]


def watch(page):
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if message.type == "error" or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def test_no_page_of_any_role_violates_the_policy(page, asgi_server, owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    order = place(BuyerFactory(), make_product(merchant.shop, stock=5).skus.get())
    Conversation.objects.create(shop=merchant.shop, buyer=order.buyer)
    bind_card(merchant.shop, merchant.user)
    give_balance(merchant.shop, "1500")
    page.base_url = asgi_server  # uvicorn: the chat socket every page opens is real here
    problems = watch(page)

    log_in(page, merchant.user.username, PASSWORD)
    for path in [*MERCHANT_PAGES, f"/orders/{order.order_sn}/"]:
        page.goto(f"{page.base_url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{page.base_url}/dashboard/")
    expect(page.locator("#trend-chart canvas, #trend-chart svg").first).to_be_attached()
    page.goto(f"{page.base_url}/products/new/")
    rows = page.locator("[data-sku-rows] > *")
    before = rows.count()
    page.locator("[data-add-sku]").click()
    expect(rows).to_have_count(before + 1)  # the product form's script, now a file

    assert sorted(set(problems)) == []


def test_the_manufacturer_admin_and_api_docs_do_not_violate_it(page, asgi_server):
    maker = make_manufacturer()
    admin = User.objects.create_superuser("platform", password="admin-pass-2026")
    page.base_url = asgi_server
    problems = watch(page)

    log_in(page, maker.user.username, PASSWORD)
    page.goto(f"{page.base_url}/dropship/")
    page.goto(f"{page.base_url}/api/docs/")
    expect(page.locator(".swagger-ui").first).to_be_visible()
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", "admin-pass-2026")
    page.click("input[type=submit]")
    for path in ["/admin/", "/admin/payouts/withdrawal/", "/admin/orders/order/"]:
        page.goto(f"{page.base_url}{path}")
        page.wait_for_load_state("networkidle")

    assert sorted(set(problems)) == []
