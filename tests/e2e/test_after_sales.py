"""售后 journeys in a real browser against the live server: the merchant in the console, the
buyer through the buyer API over HTTP (as a shopping app would drive it), turn by turn."""

import pytest
import requests
from playwright.sync_api import expect

from orders import services as orders_services
from orders.models import AfterSale
from products.models import Sku
from tests.e2e.conftest import log_in
from tests.factories.dropship import return_address
from tests.factories.merchant import PASSWORD
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)


class BuyerApp:
    """The buyer's side, as a client of /api/v1/buyer/ with its own token."""

    def __init__(self, base_url, user):
        self.base = f"{base_url}/api/v1"
        answer = requests.post(
            f"{self.base}/auth/token",
            json={"username": user.username, "password": PASSWORD},
            timeout=10,
        )
        self.headers = {"Authorization": f"Token {answer.json()['token']}"}

    def post(self, path, body=None):
        return requests.post(
            f"{self.base}{path}", json=body or {}, headers=self.headers, timeout=10
        )


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_a_return_and_refund_from_request_to_money(request, screen, owner, shop, buyer):
    page = request.getfixturevalue(screen)
    sku = make_product(shop, price="88.00", stock=5, title="保温杯").skus.get()
    order = place(buyer, sku)
    orders_services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    app = BuyerApp(page.base_url, buyer.user)

    # The buyer asks for a return and refund.
    asked = app.post(
        f"/buyer/orders/{order.order_sn}/after-sales",
        {
            "kind": "return_and_refund",
            "reason_code": "quality",
            "reason": "杯盖漏水",
            "amount": "88.00",
        },
    )
    assert asked.status_code == 201, asked.text
    after_sale_id = asked.json()["id"]

    # The merchant finds it from the dashboard's to-do, with no return address yet.
    log_in(page, owner.username, PASSWORD)
    page.goto(f"{page.base_url}/dashboard/")
    expect(page.get_by_test_id("after-sales-pending")).to_have_text("1")
    page.get_by_test_id("after-sales-pending").click()
    row = page.locator(f'[data-after-sale="{after_sale_id}"]')
    expect(row).to_contain_text("退货退款")
    expect(row).to_contain_text("剩余")
    row.get_by_role("link", name="处理").click()
    expect(page.get_by_test_id("no-return-address")).to_be_visible()

    # With a return address the merchant agrees; refusing without a reason is refused.
    return_address(shop, name="售后仓")
    page.reload()
    page.get_by_role("button", name="拒绝").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    page.get_by_role("button", name="同意退货").click()
    expect(page.get_by_text("已同意该售后申请。")).to_be_visible()
    expect(page.get_by_test_id("stage")).to_have_text("待买家退货")

    # The buyer sends the goods back: a wrong number first, then the right one.
    wrong = app.post(
        f"/buyer/after-sales/{after_sale_id}/return-shipment",
        {"carrier": "YTO", "tracking_no": "YT12"},
    )
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_tracking_no")
    sent = app.post(
        f"/buyer/after-sales/{after_sale_id}/return-shipment",
        {"carrier": "YTO", "tracking_no": "YT9876543210123"},
    )
    assert sent.json()["stage"] == "awaiting_receipt"

    # The merchant sees the parcel under 待商家收货 and confirms it: the refund is paid.
    page.goto(f"{page.base_url}/after-sales/?tab=awaiting_receipt")
    page.locator(f'[data-after-sale="{after_sale_id}"]').get_by_role("link", name="处理").click()
    expect(page.get_by_text("YT9876543210123", exact=True)).to_be_visible()
    page.get_by_role("button", name="已收到退货，退款 ¥88.00").click()
    expect(page.get_by_text("已确认收到退货。")).to_be_visible()
    expect(page.get_by_test_id("stage")).to_have_text("退款成功")
    timeline = page.get_by_test_id("timeline")
    for step in ["买家申请售后", "同意退货", "买家已退货", "商家已收到退货", "同意退款"]:
        expect(timeline).to_contain_text(step)

    assert AfterSale.objects.get(pk=after_sale_id).stage == "refunded"
    assert Sku.objects.get(pk=sku.pk).stock == 5  # the cup is back on the shelf


def test_batch_agree_from_the_pending_tab(page, owner, shop, buyer):
    sku = make_product(shop, price="20.00", stock=10).skus.get()
    asked = []
    for n in range(3):
        order = place(buyer, sku)
        orders_services.ship_order(order=order, carrier="SF", tracking_no=f"SF12345678901{n:02d}")
        asked.append(
            orders_services.open_after_sale(order=order, buyer=buyer, reason="少件", amount="5.00")
        )
    log_in(page, owner.username, PASSWORD)

    page.goto(f"{page.base_url}/after-sales/")
    for after_sale in asked[:2]:
        page.locator(f'[data-after-sale="{after_sale.pk}"] input[type=checkbox]').check()
    page.get_by_role("button", name="批量同意退款").click()

    expect(page.get_by_text("已同意 2 笔退款。")).to_be_visible()
    expect(page.locator(".console-tabs .nav-link.active")).to_contain_text("1")
    stages = dict(AfterSale.objects.values_list("pk", "stage"))
    assert [stages[a.pk] for a in asked] == ["refunded", "refunded", "awaiting_merchant"]


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_an_address_change_then_a_corrected_shipment(request, screen, owner, shop, buyer):
    """Before shipping the buyer asks for another address (buyer API) and the merchant
    agrees on the order page; after shipping, a wrong number is corrected once."""
    page = request.getfixturevalue(screen)
    order = place(buyer, make_product(shop, price="19.90").skus.get())
    app = BuyerApp(page.base_url, buyer.user)
    asked = app.post(
        f"/buyer/orders/{order.order_sn}/address-change",
        {
            "consignee": {
                "name": "李四",
                "phone": "13900139000",
                "province": "上海市",
                "city": "上海市",
                "district": "浦东新区",
                "address": "世纪大道 100 号",
            }
        },
    )
    assert asked.status_code == 201, asked.text

    log_in(page, owner.username, PASSWORD)
    page.goto(f"{page.base_url}/orders/?tab=awaiting_shipment")
    row = page.get_by_role("row").filter(has_text=order.order_sn)
    expect(row).to_contain_text("改地址")
    row.get_by_role("link", name="查看").click()
    expect(page.get_by_test_id("address-change")).to_contain_text("世纪大道 100 号")
    page.get_by_role("button", name="同意改地址").click()
    expect(page.get_by_text("收货地址已修改。")).to_be_visible()
    expect(page.get_by_test_id("consignee")).to_contain_text("李四")

    page.get_by_label("快递公司").select_option("YTO")
    page.get_by_label("运单号").fill("YT1234567890123")
    page.get_by_role("button", name="发货", exact=True).click()
    expect(page.get_by_text(f"订单 {order.order_sn} 已发货。")).to_be_visible()
    form = page.get_by_test_id("modify-shipment")
    form.get_by_label("快递公司").select_option("SF")
    form.get_by_label("运单号").fill("SF1234567890123")
    form.get_by_role("button", name="修改").click()

    expect(page.get_by_test_id("tracking-no")).to_have_text("SF1234567890123")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("买家申请改地址")
    expect(timeline).to_contain_text("收货地址已修改")
    expect(timeline).to_contain_text("（原为 圆通速递 YT1234567890123）")
