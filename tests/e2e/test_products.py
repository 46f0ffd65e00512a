"""规格 in the browser: dimensions make the SKU table, batch fill, a new value keeps what
was typed, and the saved product has one SKU per combination; then the bell, an export and
the operation log as a merchant meets them."""

import pytest
from playwright.sync_api import expect

from products.models import Product
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def rows(page):
    return page.locator("[data-sku-rows] tr:not(.sku-removed)")


def test_specifications_make_the_sku_table_and_keep_what_was_typed(page, owner, shop):
    log_in(page, owner.username, PASSWORD)
    page.goto(f"{page.base_url}/products/new/")
    page.get_by_label("标题").fill("纯棉T恤")
    for name, values in (("颜色", "黑, 白"), ("尺码", "S，M")):
        page.get_by_role("button", name="添加规格类型").click()
        page.get_by_label("规格名").last.fill(name)
        page.get_by_label("规格值，用逗号分隔").last.fill(values)
    page.get_by_test_id("generate-skus").click()
    expect(rows(page)).to_have_count(4)
    expect(rows(page).first.locator("[name$='-spec']")).to_have_value("黑 / S")

    page.locator("#batch-price").fill("20.00")
    page.locator("#batch-stock").fill("5")
    page.get_by_test_id("batch-fill").click()
    rows(page).first.locator("[name$='-price']").fill("30.00")
    page.get_by_label("规格值，用逗号分隔").last.fill("S, M, L")
    page.get_by_test_id("generate-skus").click()
    expect(rows(page)).to_have_count(6)
    expect(rows(page).first.locator("[name$='-price']")).to_have_value("30.00")
    expect(rows(page).nth(2).locator("[name$='-spec']")).to_have_value("黑 / L")
    expect(rows(page).nth(2).locator("[name$='-price']")).to_have_value("")
    page.locator("#batch-price").fill("22.00")
    page.get_by_test_id("batch-fill").click()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("商品已创建")).to_be_visible()

    product = Product.objects.get(title="纯棉T恤")
    assert product.skus.count() == 6
    assert product.spec_dimensions == [
        {"name": "颜色", "values": ["黑", "白"]},
        {"name": "尺码", "values": ["S", "M", "L"]},
    ]
    page.goto(f"{page.base_url}/products/{product.pk}/edit/")
    expect(page.get_by_label("规格值，用逗号分隔").first).to_have_value("黑, 白")
    # One colour less: its rows are marked deleted on save.
    page.get_by_label("规格值，用逗号分隔").first.fill("黑")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("商品已保存")).to_be_visible()
    assert sorted(product.skus.values_list("spec", flat=True)) == ["黑 / L", "黑 / M", "黑 / S"]
