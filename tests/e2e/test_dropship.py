from pathlib import Path

import pytest
from playwright.sync_api import expect

from dropship.models import Statement
from tests.e2e.conftest import log_in
from tests.factories.dropship import make_manufacturer, make_merchant, return_address
from tests.factories.merchant import PASSWORD
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_whole_dropship_path_with_two_logins(browser, live_server, page, celery_worker):
    merchant, maker = make_merchant(), make_manufacturer()
    order = place(BuyerFactory(), make_product(merchant.shop, price="30.00").skus.get(), 2)
    return_address(merchant.shop)
    maker_page = browser.new_context(locale="zh-CN").new_page()
    maker_page.base_url = live_server.url

    # The merchant binds the manufacturer by its shop ID (a wrong one first).
    log_in(page, merchant.user.username, PASSWORD)
    page.goto(f"{live_server.url}/dropship/manufacturers/")
    page.get_by_label("厂家店铺ID").fill("12345")
    page.get_by_role("button", name="绑定", exact=True).click()
    expect(page.get_by_text("请输入正确的厂家店铺ID")).to_be_visible()
    page.get_by_label("厂家店铺ID").fill(str(maker.shop.shop_no))
    page.get_by_role("button", name="绑定", exact=True).click()
    expect(page.get_by_test_id("bindings")).to_contain_text("待厂家确认")

    # The manufacturer accepts in its portal.
    log_in(maker_page, maker.user.username, PASSWORD)
    maker_page.goto(f"{live_server.url}/dropship/manufacturers/")
    maker_page.get_by_role("button", name="同意").click()
    expect(maker_page.get_by_test_id("bindings")).to_contain_text("已绑定")

    # The worker has synchronised the order; the merchant assigns it.
    page.goto(f"{live_server.url}/dropship/")
    row = page.get_by_test_id("dropship-orders").get_by_role("row").filter(has_text=order.order_sn)
    expect(row).to_be_visible(timeout=20_000)
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="分配").click()
    expect(page.get_by_text("已分配 1 单。")).to_be_visible()

    # The manufacturer sees it masked and returns the tracking number.
    maker_page.goto(f"{live_server.url}/dropship/")
    maker_row = (
        maker_page.get_by_test_id("manufacturer-orders")
        .get_by_role("row")
        .filter(has_text=order.order_sn)
    )
    expect(maker_row).to_contain_text("张* 138****8000")
    maker_row.get_by_label(f"快递公司 {order.order_sn}").select_option("YTO")
    maker_row.get_by_label(f"运单号 {order.order_sn}").fill("YT1234567890123")
    maker_row.get_by_role("button", name="回传").click()
    expect(maker_page.get_by_text(f"订单 {order.order_sn} 的运单号已回传。")).to_be_visible()

    # The merchant ships it online with a return address.
    page.goto(f"{live_server.url}/dropship/?status=tracking_returned")
    page.get_by_test_id("dropship-orders").get_by_role("row").filter(
        has_text=order.order_sn
    ).get_by_role("checkbox").check()
    page.get_by_role("button", name="发货", exact=True).click()
    expect(page.get_by_text("已发货 1 单。")).to_be_visible()

    # A statement, built by the worker, turns ready after 刷新列表 and downloads.
    page.goto(f"{live_server.url}/dropship/statements/")
    page.get_by_role("button", name="生成", exact=True).click()
    expect(page.get_by_text("对账单正在生成。")).to_be_visible()
    statements = page.get_by_test_id("statements")
    for _attempt in range(30):
        page.get_by_role("button", name="刷新列表").click()
        page.wait_for_timeout(500)
        if "已生成" in statements.inner_text():
            break
    expect(statements).to_contain_text("已生成")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert order.order_sn in content
    assert Statement.objects.get().status == "ready"
    maker_page.context.close()
