import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dropship import services, statements
from dropship.models import Statement
from orders.models import OrderEvent
from tests.conftest import token_client
from tests.factories.dropship import (
    bind,
    make_manufacturer,
    make_merchant,
    return_address,
    todays_statement,
)
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    binding = bind(merchant, maker)
    priced = make_product(merchant.shop, price="30.00", stock=50, title="保温杯").skus.get()
    unpriced = make_product(merchant.shop, price="10.00", stock=50, title="袜子").skus.get()
    services.set_supply_price(binding=binding, sku=priced, price="18.50")
    buyer = BuyerFactory()
    paid = [place(buyer, priced, 2), place(buyer, unpriced, 3), place(buyer, priced, 1)]
    order_sns = [order.order_sn for order in paid]
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=order_sns,
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )
    for index, sn in enumerate(order_sns[:2]):
        services.return_tracking(
            manufacturer_shop=maker.shop,
            order_sn=sn,
            carrier="YTO",
            tracking_no=f"YT123456789012{index}",
            actor=maker.user,
        )
    services.ship_online(
        merchant_shop=merchant.shop,
        order_sns=order_sns,
        return_address_id=return_address(merchant.shop).pk,
        actor=merchant.user,
    )
    return merchant, maker, binding, paid


def test_statement_rows_and_totals_match_what_was_shipped(world):
    merchant, maker, binding, paid = world
    today = timezone.localdate()
    statement = services.request_statement(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        start_date=today,
        end_date=today,
        actor=merchant.user,
    )

    statement = statements.build_statement(statement=statement)

    assert statement.status == "ready"
    assert (statement.order_count, statement.row_count, statement.missing_prices) == (2, 2, 1)
    assert statement.total_amount == Decimal("37.00")  # 2 × 18.50; the socks have no price
    rows = list(csv.reader(io.StringIO(statement.csv_file.read().decode("utf-8-sig"))))
    assert rows[0][:5] == ["订单号", "发货时间", "商品", "规格", "数量"]
    assert [row[0] for row in rows[1:3]] == [paid[0].order_sn, paid[1].order_sn]
    assert rows[1][4:7] == ["2", "18.50", "37.00"]
    assert rows[2][5:7] == ["", ""] and rows[2][9] == "未设置供货价"
    assert rows[3][0] == "合计" and rows[3][6] == "37.00"
    sheet = load_workbook(statement.xlsx_file.open("rb"), read_only=True).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)][1:3] == [
        paid[0].order_sn,
        paid[1].order_sn,
    ]


def test_building_twice_keeps_one_file_each(world):
    merchant, maker, _binding, _paid = world
    statement = todays_statement(merchant, maker)
    built = statements.build_statement(statement=statement)
    again = statements.build_statement(statement=built)

    assert again.csv_file.name == built.csv_file.name
    assert again.attempts == 1


def test_a_statement_that_keeps_crashing_is_failed_after_3_attempts(world):
    merchant, maker, _binding, _paid = world
    statement = todays_statement(merchant, maker)
    Statement.objects.filter(pk=statement.pk).update(attempts=3)  # three crashed deliveries

    statement = statements.build_statement(statement=statement)

    assert statement.status == "failed"
    assert statement.get_failure_reason_display() == "已重试 3 次，生成失败。"


def test_both_sides_download_and_others_get_404(world, other_membership):
    merchant, maker, _binding, _paid = world
    statement = statements.build_statement(statement=todays_statement(merchant, maker))
    url = f"/api/v1/dropship/statements/{statement.pk}/download?format=xlsx"

    for user in (merchant.user, maker.user):
        response = token_client(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"PK"
    listed = token_client(maker.user).get("/api/v1/dropship/statements").json()["results"]
    assert listed[0]["status"] == "ready"
    assert listed[0]["download_url"].endswith(
        f"/api/v1/dropship/statements/{statement.pk}/download"
    )
    stranger = token_client(make_merchant(other_membership).user)
    assert stranger.get(url).status_code == 404
    unknown = token_client(merchant.user).get(url.replace("xlsx", "pdf"))
    assert (unknown.status_code, unknown.json()["code"]) == (400, "validation_error")


def test_printing_reveals_the_consignee_and_records_it(world):
    _merchant, maker, _binding, paid = world
    client = Client()
    client.force_login(maker.user)

    response = client.post("/dropship/print/", {"order_sn": [paid[2].order_sn], "format": "csv"})

    body = response.getvalue().decode("utf-8-sig")
    assert "张三" in body
    assert "文一西路 969 号 3 幢 101 室" in body
    event = OrderEvent.objects.get(kind="consignee_revealed")
    assert (event.order_id, event.actor_kind) == (paid[2].pk, "manufacturer")


def test_manufacturer_page_masks_the_consignee(world):
    _merchant, maker, _binding, _paid = world
    client = Client()
    client.force_login(maker.user)

    page = client.get("/dropship/").content.decode()

    assert "张* 138****8000" in page
    assert "13800138000" not in page


def test_both_sides_name_the_carrier_of_returned_tracking(owner_client, world):
    _merchant, maker, _binding, _paid = world
    manufacturer = Client()
    manufacturer.force_login(maker.user)

    for client in (owner_client, manufacturer):
        page = client.get("/dropship/?status=shipped").content.decode()

        assert "圆通速递 YT1234567890120" in page
        assert "YTO YT" not in page


def test_merchant_page_binds_with_the_seed_message_on_a_wrong_id(owner_client, owner_membership):
    make_merchant(owner_membership)

    response = owner_client.post("/dropship/manufacturers/", {"manufacturer_shop_no": "42"})

    assert response.status_code == 400
    assert "请输入正确的厂家店铺ID" in response.content.decode()


def test_merchant_page_lists_unassigned_orders_with_counts(owner_client, world):
    page = owner_client.get("/dropship/?status=shipped").content.decode()

    assert '已发货 <span class="tab-count">2</span>' in page


def test_merchant_page_finds_orders_by_number_prefix_as_the_order_list_does(owner_client, world):
    _merchant, _maker, _binding, paid = world
    sn = paid[0].order_sn  # YYMMDD-…: paid today, Shanghai time

    def found(q):
        page = owner_client.get("/dropship/", {"status": "shipped", "q": q})
        assert page.status_code == 200
        return {order.order_sn for order in paid if order.order_sn in page.content.decode()}

    assert found(sn) == {sn}
    assert found(sn[:7]) == {order.order_sn for order in paid[:2]}  # the two shipped
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%y%m%d")
    assert found(yesterday) == set()
    assert found("261399") == set()  # no such day: nothing, not an error


def test_a_statement_wholly_in_the_future_is_refused_and_uses_no_slot(world):
    merchant, maker, _binding, _paid = world
    tomorrow = timezone.localdate() + timedelta(days=1)
    client = token_client(merchant.user)

    future = client.post(
        "/api/v1/dropship/statements",
        {
            "manufacturer_shop_no": maker.shop.shop_no,
            "start_date": tomorrow.isoformat(),
            "end_date": (tomorrow + timedelta(days=6)).isoformat(),
        },
    )
    today = client.post(
        "/api/v1/dropship/statements",
        {
            "manufacturer_shop_no": maker.shop.shop_no,
            "start_date": timezone.localdate().isoformat(),
            "end_date": tomorrow.isoformat(),
        },
    )

    assert (future.status_code, future.json()["code"]) == (400, "invalid_date_range")
    assert "今天或更早" in future.json()["detail"]
    assert today.status_code == 202  # the refusal took neither a slot nor the 10 minutes
    assert Statement.objects.count() == 1


def test_a_failed_build_shows_a_message_for_people(world, monkeypatch):
    from dropship.tasks import build_statement_task

    merchant, maker, _binding, _paid = world
    statement = todays_statement(merchant, maker)

    def explode(**kwargs):
        raise KeyError("sku_id")

    monkeypatch.setattr(statements, "build_statement", explode)
    with pytest.raises(KeyError):
        build_statement_task(statement.pk)

    statement.refresh_from_db()
    assert statement.status == "failed"
    assert statement.get_failure_reason_display() == "对账单生成失败，请重新申请。"
