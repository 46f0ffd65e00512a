"""导入发货 in the browser: a file too large for the request goes to the worker, the page
shows its progress and then the report, and the refused rows download as a file."""

import pytest
from playwright.sync_api import expect

from orders.models import Order
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD, MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", ["page", "phone_page"])
def test_a_large_file_shows_progress_then_the_report(
    request, width, celery_worker, settings, tmp_path
):
    settings.SHIPMENT_IMPORT_INLINE_ROWS = 2  # a five-row file counts as large here
    page = request.getfixturevalue(width)
    owner = MembershipFactory()
    sku = make_product(owner.shop, stock=10).skus.get()
    orders = [place(BuyerFactory(), sku) for _ in range(4)]
    lines = [f"{order.order_sn},圆通,YT12345678901{n:02d}" for n, order in enumerate(orders)]
    lines.append("261203-000000000000000,圆通,YT1234567890199")  # no such order
    upload = tmp_path / "发货.csv"
    upload.write_text("订单号,快递公司,运单号\n" + "\n".join(lines), encoding="utf-8")

    log_in(page, owner.user.username, PASSWORD)
    page.goto(f"{page.base_url}/orders/ship/import/")
    page.get_by_label("发货文件（CSV 或 XLSX）").set_input_files(str(upload))
    page.get_by_role("button", name="上传并发货").click()

    expect(page.get_by_test_id("ship-summary")).to_have_text(
        "共 5 单，成功发货 4 单。", timeout=30_000
    )
    expect(page.get_by_test_id("ship-results")).to_contain_text("本店没有这个订单")
    reason = page.get_by_test_id("ship-results").locator(".import-reason").first
    assert reason.bounding_box()["width"] >= 120  # readable at 390 px, not a letter a line
    with page.expect_download() as download:
        page.get_by_test_id("download-failed").click()
    assert download.value.suggested_filename.startswith("shipments-failed-")
    assert set(Order.objects.values_list("status", flat=True)) == {"shipped"}
    page.get_by_role("link", name="再导入一个文件").click()
    expect(page.get_by_test_id("shipment-imports")).to_contain_text("发货.csv")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
