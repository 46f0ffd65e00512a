import pytest
from playwright.sync_api import expect

from orders import services as orders_services
from orders.models import Order
from products.models import ProductStatus
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_merchant_ships_an_order_from_its_detail_page(page, owner, shop, buyer):
    order = place(buyer, make_product(shop, price="19.90").skus.get(), quantity=2)
    log_in(page, owner.username, PASSWORD)

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="订单管理").click()
    page.get_by_role("link", name="待发货").click()
    row = page.get_by_role("row").filter(has_text=order.order_sn)
    row.get_by_role("link", name="查看").click()
    expect(page.get_by_text("¥39.80").first).to_be_visible()
    expect(page.get_by_text("文一西路 969 号 3 幢 101 室", exact=False)).to_be_visible()

    page.get_by_label("快递公司").select_option("SF")
    page.get_by_label("运单号").fill("SF12")
    page.get_by_role("button", name="发货", exact=True).click()
    expect(page.get_by_text("这不是顺丰速运的运单号")).to_be_visible()

    page.get_by_label("运单号").fill("SF1234567890123")
    page.get_by_role("button", name="发货", exact=True).click()

    expect(page.get_by_text(f"订单 {order.order_sn} 已发货。")).to_be_visible()
    expect(page.get_by_test_id("tracking-no")).to_have_text("SF1234567890123")
    expect(page.get_by_test_id("timeline")).to_contain_text("已发货")
    order.refresh_from_db()
    assert order.status == "shipped"
    assert Order.objects.get(pk=order.pk).carrier == "SF"


def test_merchant_edits_a_product_and_takes_it_off_sale(page, owner, shop):
    product = make_product(shop, title="旧标题的T恤", stock=50)
    log_in(page, owner.username, PASSWORD)

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="商品管理").click()
    page.get_by_role("row").filter(has_text="旧标题的T恤").get_by_role("link", name="编辑").click()
    page.get_by_label("商品标题").fill("新款纯棉T恤")
    page.get_by_role("textbox", name="库存", exact=True).first.fill("80")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("商品已保存。")).to_be_visible()

    page.get_by_role("row").filter(has_text="新款纯棉T恤").get_by_role("checkbox").check()
    page.get_by_role("button", name="下架").click()

    expect(page.get_by_text("已下架 1 个商品。")).to_be_visible()
    product.refresh_from_db()
    assert (product.title, product.status) == ("新款纯棉T恤", ProductStatus.OFF_SALE)
    assert product.skus.get().stock == 80


def test_merchant_batch_ships_by_file_and_sees_the_report(page, owner, shop, buyer, tmp_path):
    sku = make_product(shop, price="9.90", stock=10).skus.get()
    good, bad = place(buyer, sku), place(buyer, sku)
    upload = tmp_path / "ship.csv"
    upload.write_text(
        f"订单号,快递公司,运单号\n{good.order_sn},圆通,YT1234567890123\n{bad.order_sn},顺丰,SF12\n",
        encoding="utf-8-sig",
    )
    log_in(page, owner.username, PASSWORD)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="订单管理").click()
    page.get_by_role("link", name="导入发货").click()

    page.get_by_label("发货文件（CSV 或 XLSX）").set_input_files(str(upload))
    page.get_by_role("button", name="上传并发货").click()

    expect(page.get_by_test_id("ship-summary")).to_have_text("共 2 单，成功发货 1 单。")
    results = page.get_by_test_id("ship-results")
    expect(results).to_contain_text("这不是顺丰速运的运单号")
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == ("shipped", "awaiting_shipment")


@pytest.mark.parametrize("screen", ["page", "phone_page"])
def test_merchant_corrects_a_wrong_tracking_number_once(request, screen, owner, shop, buyer):
    page = request.getfixturevalue(screen)
    order = place(buyer, make_product(shop, price="19.90").skus.get())
    orders_services.ship_order(order=order, carrier="YTO", tracking_no="YT1234567890123")
    log_in(page, owner.username, PASSWORD)
    page.goto(f"{page.base_url}/orders/{order.order_sn}/")

    form = page.get_by_test_id("modify-shipment")
    form.get_by_label("快递公司").select_option("SF")
    form.get_by_label("运单号").fill("SF1234567890123")
    form.get_by_role("button", name="修改").click()

    expect(page.get_by_text("发货信息已修改。")).to_be_visible()
    expect(page.get_by_test_id("tracking-no")).to_have_text("SF1234567890123")
    expect(page.get_by_test_id("timeline")).to_contain_text("（原为 圆通速递 YT1234567890123）")
    expect(page.get_by_test_id("modify-shipment")).to_have_count(0)
