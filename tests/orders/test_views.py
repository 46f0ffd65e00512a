import datetime

import pytest
from django.test import Client

from merchant.models import Role
from orders.models import Order
from tests.conftest import staff_of
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(buyer, shop):
    sku = make_product(shop, price="19.90", stock=100).skus.get()
    return [place(buyer, sku) for _ in range(3)]


def test_list_shows_tabs_with_counts_and_rows(owner_client, orders):
    page = owner_client.get("/orders/?tab=awaiting_shipment").content.decode()

    assert '待发货 <span class="tab-count">3</span>' in page
    for order in orders:
        assert order.order_sn in page
    assert "¥19.90" in page


def test_list_shows_paid_time_and_ship_deadline_in_shanghai_time(owner_client, orders):
    utc = datetime.UTC
    Order.objects.filter(pk=orders[0].pk).update(
        paid_at=datetime.datetime(2026, 11, 25, 18, 30, tzinfo=utc),
        ship_deadline=datetime.datetime(2026, 11, 27, 16, 5, tzinfo=utc),
    )

    page = owner_client.get("/orders/").content.decode()

    assert "2026-11-26 02:30" in page
    assert "11-28 00:05" in page


def test_a_shipped_row_names_its_carrier(owner_client, orders):
    Order.objects.filter(pk=orders[0].pk).update(
        status="shipped", carrier="ZTO", tracking_no="75312345678901"
    )

    page = owner_client.get("/orders/").content.decode()

    assert "中通快递 75312345678901" in page


def test_list_page_queries_do_not_grow_with_rows(
    owner_client, buyer, shop, django_assert_max_num_queries
):
    sku = make_product(shop, stock=100).skus.get()
    placed = [place(buyer, sku).order_sn for _ in range(25)]

    with django_assert_max_num_queries(12):
        response = owner_client.get("/orders/")

    # Linked rows, by their numbers (not by the year prefix the numbers start with).
    page = response.content.decode()
    assert sum(f"/orders/{order_sn}/" in page for order_sn in placed) >= 20


def test_a_row_shows_its_badges_and_flag_with_the_remark_escaped(owner_client, orders):
    Order.objects.filter(pk=orders[0].pk).update(
        is_late=True,
        tracking_duplicated=True,
        is_under_review=True,
        after_sale_status="in_progress",
        remark_flag="red",
        remark='<script>alert("x")</script>',
    )

    page = owner_client.get("/orders/").content.decode()
    detail = owner_client.get(f"/orders/{orders[0].order_sn}/").content.decode()

    for html in (page, detail):
        assert '<span class="badge status-badge status-awaiting_shipment">待发货</span>' in html
        assert '<span class="badge status-badge after-sale-in_progress">' in html
        assert '<span class="badge text-bg-warning">延迟发货</span>' in html
        assert "text-bg-danger" in html and "text-bg-secondary" in html
        assert 'class="bi bi-flag-fill flag-red"' in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert '<script>alert("x")' not in html
    assert page.count("status-awaiting_shipment") == 3


def test_filter_by_consignee_phone_and_order_prefix(owner_client, orders):
    by_phone = owner_client.get("/orders/?consignee=13800138000").content.decode()
    by_prefix = owner_client.get(f"/orders/?order_sn={orders[0].order_sn[:18]}").content.decode()
    nobody = owner_client.get("/orders/?consignee=13900000000").content.decode()

    assert all(order.order_sn in by_phone for order in orders)
    assert orders[0].order_sn in by_prefix
    assert "没有符合条件的订单" in nobody


def test_ship_from_the_detail_page(owner_client, orders):
    order = orders[0]

    response = owner_client.post(
        f"/orders/{order.order_sn}/ship/",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
        follow=True,
    )

    page = response.content.decode()
    assert f"订单 {order.order_sn} 已发货" in page
    assert "顺丰速运 <span" in page  # the carrier by name, beside its tracking number
    assert "SF1234567890123" in page
    order.refresh_from_db()
    assert order.status == "shipped"


def test_a_bad_tracking_number_shows_on_the_form_and_ships_nothing(owner_client, orders):
    order = orders[0]

    response = owner_client.post(
        f"/orders/{order.order_sn}/ship/", {"carrier": "SF", "tracking_no": "123"}
    )

    assert response.status_code == 400
    assert "这不是顺丰速运的运单号" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "awaiting_shipment"


def test_batch_ship_selected_orders_reports_each(owner_client, orders):
    response = owner_client.post(
        "/orders/ship/batch/",
        {
            "order_sn": [orders[0].order_sn, orders[1].order_sn],
            "carrier": ["YTO", "YTO"],
            "tracking_no": ["YT1234567890123", "bad"],
        },
    )

    page = response.content.decode()
    assert "共 2 单，成功发货 1 单" in page
    assert "这不是圆通速递的运单号" in page
    assert list(Order.objects.order_by("id").values_list("status", flat=True)) == [
        "shipped",
        "awaiting_shipment",
        "awaiting_shipment",
    ]


def test_csv_import_ships_good_rows_and_reports_bad_ones(owner_client, orders, other_shop, buyer):
    foreign = place(buyer, make_product(other_shop).skus.get())
    content = (
        "订单号,快递公司,运单号\n"
        f"{orders[0].order_sn},圆通,YT1234567890123\n"
        f"{orders[1].order_sn},顺丰,SF12\n"
        f"{foreign.order_sn},中通,75312345678901\n"
        f"{orders[2].order_sn},UPS,1Z999\n"
    ).encode("utf-8-sig")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = owner_client.post(
        "/orders/ship/import/",
        {"file": SimpleUploadedFile("ship.csv", content, "text/csv")},
        follow=True,
    )

    page = response.content.decode()
    assert "共 4 单，成功发货 1 单" in page
    assert "本店没有这个订单" in page
    assert "请选择列表中的快递公司" in page
    foreign.refresh_from_db()
    assert foreign.status == "awaiting_shipment"
    assert Order.objects.filter(status="shipped").count() == 1


def test_export_is_utf8_csv_with_bom(owner_client, orders):
    response = owner_client.get("/orders/export.csv?tab=all")

    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff订单号,")
    assert body.count("\n") == 4
    assert "张三" in body


def test_another_shops_order_page_is_404(client, other_membership, orders):
    client.force_login(other_membership.user)

    assert client.get(f"/orders/{orders[0].order_sn}/").status_code == 404
    assert (
        client.post(
            f"/orders/{orders[0].order_sn}/ship/",
            {"carrier": "SF", "tracking_no": "SF1234567890123"},
        ).status_code
        == 404
    )
    orders[0].refresh_from_db()
    assert orders[0].status == "awaiting_shipment"


def test_customer_service_cannot_open_the_order_list(shop, orders):
    client = Client()
    client.force_login(staff_of(shop, Role.CUSTOMER_SERVICE))

    assert client.get("/orders/").status_code == 403
    # One order it reads (tests/orders/test_read_only_order.py), without actions.


def test_dashboard_page_shows_todays_numbers(owner_client, orders):
    page = owner_client.get("/dashboard/").content.decode()

    assert 'data-testid="today-orders">3<' in page
    assert "¥59.70" in page
    assert 'data-testid="awaiting-shipment">3<' in page


@pytest.mark.parametrize(
    ("language", "tab", "header"),
    [("en", "Awaiting shipment", "Order number"), ("zh-hans", "待发货", "订单号")],
)
def test_tabs_and_export_headers_follow_the_readers_language(
    owner_client, orders, language, tab, header
):
    from django.conf import settings

    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = owner_client.get("/orders/").content.decode()
    export = b"".join(owner_client.get("/orders/export.csv").streaming_content).decode("utf-8-sig")

    assert tab in page
    assert export.startswith(header)


def test_the_timeline_names_the_buyer_by_nickname_not_login(owner_client, shop):
    from orders import services
    from tests.factories.orders import BuyerFactory

    buyer = BuyerFactory(nickname="小美")
    order = place(buyer, make_product(shop, price="19.90", stock=5).skus.get())
    services.open_after_sale(order=order, buyer=buyer, reason="拍错了", amount="1.00")

    page = owner_client.get(f"/orders/{order.order_sn}/").content.decode()

    assert "小美" in page
    assert buyer.user.username not in page


def test_the_next_page_link_keeps_the_filters(owner_client, shop, buyer):
    import re
    from html import unescape

    sku = make_product(shop, price="9.90", stock=30).skus.get()
    placed = [place(buyer, sku) for _ in range(21)]

    first = owner_client.get("/orders/?tab=awaiting_shipment").content.decode()
    link = unescape(re.search(r'href="(\?[^"]*cursor=[^"]*)"[^>]*>下一页', first).group(1))
    second = owner_client.get(f"/orders/{link}").content.decode()

    assert "tab=awaiting_shipment" in link
    assert placed[0].order_sn in second and placed[0].order_sn not in first
