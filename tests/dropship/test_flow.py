import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dropship import services
from dropship.exceptions import StatementTooSoon
from dropship.models import Binding, DropshipOrder, Statement
from orders import services as orders
from orders.models import Order, OrderEvent
from tests.conftest import token_client
from tests.factories.dropship import bind, make_manufacturer, make_merchant, return_address
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchant(owner_membership):
    return make_merchant(owner_membership)


@pytest.fixture
def maker():
    return make_manufacturer()


@pytest.fixture
def maker_api(maker):
    return token_client(maker.user)


@pytest.fixture
def paid(merchant):
    sku = make_product(merchant.shop, price="25.00", stock=100).skus.get()
    buyer = BuyerFactory()
    return [place(buyer, sku) for _ in range(4)]


def sns(orders_):
    return [order.order_sn for order in orders_]


def test_a_wrong_id_gets_the_seed_message(owner_api, merchant):
    not_a_maker = MembershipFactory().shop

    for shop_no in ["123", str(not_a_maker.shop_no), str(merchant.shop.shop_no)]:
        response = owner_api.post("/api/v1/dropship/bindings", {"manufacturer_shop_no": shop_no})
        assert response.status_code == 400
        assert response.json() == {
            "code": "manufacturer_not_found",
            "detail": "请输入正确的厂家店铺ID",
            "fields": {"manufacturer_shop_no": ["请输入正确的厂家店铺ID"]},
        }
    assert not Binding.objects.exists()


def test_bind_accept_and_sync_twice_adds_nothing(owner_api, maker_api, merchant, maker, paid):
    created = owner_api.post(
        "/api/v1/dropship/bindings", {"manufacturer_shop_no": str(maker.shop.shop_no)}
    )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"

    accepted = maker_api.post(f"/api/v1/dropship/bindings/{created.json()['id']}/accept")
    assert accepted.json()["status"] == "active"
    binding = Binding.objects.get()
    assert services.sync_dropship_orders(binding=binding) == 4
    assert services.sync_dropship_orders(binding=binding) == 0
    listed = owner_api.get("/api/v1/dropship/orders?dropship_status=unassigned").json()["results"]
    assert sorted(o["order_sn"] for o in listed) == sorted(sns(paid))


def test_new_orders_join_the_list_once_bound(merchant, maker):
    bind(merchant, maker)
    sku = make_product(merchant.shop).skus.get()

    order = place(BuyerFactory(), sku)

    assert DropshipOrder.objects.get(order=order).dropship_status == "unassigned"


def test_only_the_manufacturer_accepts(owner_api, merchant, maker):
    binding = services.bind_manufacturer(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        requested_by=merchant.user,
    )

    response = owner_api.post(f"/api/v1/dropship/bindings/{binding.pk}/accept")

    assert response.status_code == 403
    binding.refresh_from_db()
    assert binding.status == "pending"


def test_assignment_refuses_after_sales_and_review_with_reasons(owner_api, merchant, maker, paid):
    bind(merchant, maker)
    orders.open_after_sale(order=paid[0], buyer=paid[0].buyer, reason="不想要", amount="1.00")
    orders.set_review(order=paid[1], under_review=True, actor=None)
    foreign = place(BuyerFactory(), make_product(MembershipFactory().shop).skus.get())

    response = owner_api.post(
        "/api/v1/dropship/assignments",
        {
            "order_sns": [*sns(paid), foreign.order_sn],
            "manufacturer_shop_no": str(maker.shop.shop_no),
        },
    )

    body = response.json()
    assert body["assigned"] == sns(paid[2:])
    assert [(row["order_sn"], row["code"]) for row in body["rejected"]] == [
        (paid[0].order_sn, "order_not_assignable"),
        (paid[1].order_sn, "order_not_assignable"),
        (foreign.order_sn, "not_found"),
    ]
    assert body["rejected"][2]["detail"] == "本店没有这个订单。"  # the same words everywhere
    assert not DropshipOrder.objects.filter(order=foreign).exists()
    again = owner_api.post(
        "/api/v1/dropship/assignments",
        {"order_sns": sns(paid[2:]), "manufacturer_shop_no": str(maker.shop.shop_no)},
    )
    assert again.json() == {"assigned": sns(paid[2:]), "rejected": []}
    assert OrderEvent.objects.filter(kind="assigned").count() == 2


def test_unbound_manufacturer_is_binding_not_active(owner_api, merchant, maker, paid):
    response = owner_api.post(
        "/api/v1/dropship/assignments",
        {"order_sns": sns(paid[:1]), "manufacturer_shop_no": str(maker.shop.shop_no)},
    )

    (rejected,) = response.json()["rejected"]
    assert (rejected["order_sn"], rejected["code"]) == (paid[0].order_sn, "binding_not_active")


def test_after_sale_cancels_the_assignment_at_once(merchant, maker, paid):
    binding = bind(merchant, maker)
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:1]),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )

    orders.open_after_sale(order=paid[0], buyer=paid[0].buyer, reason="质量问题", amount="5.00")

    row = DropshipOrder.objects.get(order=paid[0])
    assert (row.dropship_status, row.manufacturer_shop) == ("unassigned", None)
    assert row.get_last_cancel_reason_display() == "买家申请了售后。"
    assert OrderEvent.objects.filter(order=paid[0], kind="unassigned", actor_kind="system").exists()
    assert binding.status == "active"
    told = maker_api_client(maker).get("/notifications/").content.decode()
    assert f"收回了订单 {paid[0].order_sn}" in told and "请勿发货" in told


def test_a_buyer_cancelling_an_assigned_order_waits_for_the_merchant(merchant, maker, paid):
    """Nothing was shipped, but a manufacturer held the order: the full refund is the
    merchant's to grant, not granted at once."""
    bind(merchant, maker)
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:1]),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )

    after_sale = orders.open_after_sale(
        order=paid[0], buyer=paid[0].buyer, reason="拍错了", amount=paid[0].pay_amount
    )

    assert after_sale.stage == "awaiting_merchant"
    paid[0].refresh_from_db()
    assert paid[0].status == "awaiting_shipment"
    assert DropshipOrder.objects.get(order=paid[0]).dropship_status == "unassigned"


def maker_api_client(maker):
    from django.test import Client

    client = Client()
    client.force_login(maker.user)
    return client


def test_manufacturer_sees_masked_consignee_and_404_for_others(maker_api, merchant, maker, paid):
    bind(merchant, maker)
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:1]),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )

    listed = maker_api.get("/api/v1/dropship/manufacturer/orders").json()["results"]
    not_assigned = maker_api.post(
        f"/api/v1/dropship/manufacturer/orders/{paid[1].order_sn}/tracking",
        {"carrier": "YTO", "tracking_no": "YT1234567890123"},
    )

    assert [row["order_sn"] for row in listed] == [paid[0].order_sn]
    assert listed[0]["consignee"]["name"] == "张*"
    assert listed[0]["consignee"]["phone"] == "138****8000"
    assert "address" not in listed[0]["consignee"]
    assert not_assigned.status_code == 404


def test_tracking_return_then_online_shipping_with_a_return_address(
    owner_api, maker_api, merchant, maker, paid
):
    bind(merchant, maker)
    address = return_address(merchant.shop)
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:2]),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )

    bad = maker_api.post(
        f"/api/v1/dropship/manufacturer/orders/{paid[0].order_sn}/tracking",
        {"carrier": "SF", "tracking_no": "123"},
    )
    good = maker_api.post(
        f"/api/v1/dropship/manufacturer/orders/{paid[0].order_sn}/tracking",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
    )
    shipped = owner_api.post(
        "/api/v1/dropship/shipments", {"order_sns": sns(paid[:2]), "return_address_id": address.pk}
    )

    assert bad.json()["code"] == "invalid_tracking_no"
    assert good.json()["dropship_status"] == "tracking_returned"
    assert shipped.json()["shipped"] == [paid[0].order_sn]
    (rejected,) = shipped.json()["rejected"]
    assert (rejected["order_sn"], rejected["code"]) == (paid[1].order_sn, "tracking_not_returned")
    order = Order.objects.get(pk=paid[0].pk)
    assert (order.status, order.carrier, order.tracking_no) == ("shipped", "SF", "SF1234567890123")
    cancel = owner_api.post("/api/v1/dropship/assignments/cancel", {"order_sns": sns(paid[:2])})
    assert cancel.json()["cancelled"] == [paid[1].order_sn]  # the shipped one stays


def test_late_online_shipping_is_a_late_shipment_for_the_merchant(merchant, maker, paid):
    bind(merchant, maker)
    address = return_address(merchant.shop)
    Order.objects.filter(pk=paid[0].pk).update(ship_deadline=timezone.now() - timedelta(hours=1))
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:1]),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )
    services.return_tracking(
        manufacturer_shop=maker.shop,
        order_sn=paid[0].order_sn,
        carrier="SF",
        tracking_no="SF1234567890123",
        actor=maker.user,
    )

    services.ship_online(
        merchant_shop=merchant.shop,
        order_sns=sns(paid[:1]),
        return_address_id=address.pk,
        actor=merchant.user,
    )

    assert Order.objects.get(pk=paid[0].pk).late_shipment.shop == merchant.shop


def test_unbinding_cancels_open_assignments(maker_api, merchant, maker, paid):
    binding = bind(merchant, maker)
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=sns(paid),
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )

    response = maker_api.post(f"/api/v1/dropship/bindings/{binding.pk}/unbind")

    assert response.json()["status"] == "ended"
    assert set(DropshipOrder.objects.values_list("dropship_status", flat=True)) == {"unassigned"}
    assert maker_api.get("/api/v1/dropship/manufacturer/orders").json()["results"] == []


# 9: the orders' updated time moves with their timeline events (one UPDATE for the batch).
def test_batch_assignment_costs_the_same_queries_for_10_and_60_orders(
    merchant, maker, django_assert_max_num_queries
):
    bind(merchant, maker)
    sku = make_product(merchant.shop, stock=1000).skus.get()
    buyer = BuyerFactory()
    few, many = [place(buyer, sku) for _ in range(10)], [place(buyer, sku) for _ in range(60)]

    with django_assert_max_num_queries(10) as small:
        services.assign_orders(
            merchant_shop=merchant.shop,
            order_sns=sns(few),
            manufacturer_shop_no=maker.shop.shop_no,
            actor=merchant.user,
        )
    with django_assert_max_num_queries(10) as large:
        result = services.assign_orders(
            merchant_shop=merchant.shop,
            order_sns=sns(many),
            manufacturer_shop_no=maker.shop.shop_no,
            actor=merchant.user,
        )

    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(result["assigned"]) == 60


@pytest.mark.django_db(transaction=True)
def test_overlapping_batches_assign_each_order_once():
    merchant, maker = make_merchant(), make_manufacturer()
    bind(merchant, maker)
    sku = make_product(merchant.shop, stock=1000).skus.get()
    buyer = BuyerFactory()
    paid_orders = [place(buyer, sku) for _ in range(40)]
    batches = [sns(paid_orders[:30]), sns(paid_orders[10:])]
    start = threading.Barrier(2)

    def run(batch):
        start.wait()
        try:
            return services.assign_orders(
                merchant_shop=merchant.shop,
                order_sns=batch,
                manufacturer_shop_no=maker.shop.shop_no,
                actor=merchant.user,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, batches))

    assert DropshipOrder.objects.filter(dropship_status="assigned").count() == 40
    assert OrderEvent.objects.filter(kind="assigned").count() == 40


def test_statement_limits_3_a_day_10_minutes_apart(owner_api, merchant, maker, monkeypatch):
    bind(merchant, maker)
    clock = {"now": timezone.now().replace(hour=2, minute=0)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    body = {
        "manufacturer_shop_no": str(maker.shop.shop_no),
        "start_date": "2026-11-01",
        "end_date": "2026-11-25",
    }

    first = owner_api.post("/api/v1/dropship/statements", body)
    clock["now"] += timedelta(minutes=9)
    too_soon = owner_api.post("/api/v1/dropship/statements", body)
    clock["now"] += timedelta(minutes=1)
    second = owner_api.post("/api/v1/dropship/statements", body)
    clock["now"] += timedelta(minutes=10)
    third = owner_api.post("/api/v1/dropship/statements", body)
    clock["now"] += timedelta(minutes=10)
    fourth = owner_api.post("/api/v1/dropship/statements", body)

    assert [r.status_code for r in (first, second, third)] == [202, 202, 202]
    assert first.json()["status"] == "generating"
    assert too_soon.json()["code"] == "statement_too_soon"
    next_allowed = timezone.localtime(clock["now"] - timedelta(minutes=20)).strftime("%H:%M:%S")
    assert next_allowed in too_soon.json()["detail"]
    assert fourth.json()["code"] == "statement_daily_limit"
    assert Statement.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_statement_requests_make_one():
    merchant, maker = make_merchant(), make_manufacturer()
    bind(merchant, maker)
    start = threading.Barrier(2)

    def request(_):
        start.wait()
        try:
            services.request_statement(
                merchant_shop=merchant.shop,
                manufacturer_shop_no=maker.shop.shop_no,
                start_date=timezone.localdate(),
                end_date=timezone.localdate(),
                actor=merchant.user,
            )
            return "ok"
        except StatementTooSoon:
            return "too_soon"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(request, range(2)))

    assert results == ["ok", "too_soon"]
