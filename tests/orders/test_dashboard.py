from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from orders import services
from orders.selectors import get_dashboard
from tests.factories.orders import CONSIGNEE, BuyerFactory
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def pay(shop):
    sku = make_product(shop, price="10.00", stock=1000).skus.get()
    buyer = BuyerFactory()

    def pay(when: str, quantity=1):
        return services.place_order(
            buyer=buyer,
            shop_no=shop.shop_no,
            consignee=CONSIGNEE,
            paid_at=at(when),
            items=[{"sku_id": sku.pk, "quantity": quantity}],
        )

    return pay


def test_today_counts_from_midnight_shanghai_time(shop, pay):
    pay("2026-11-24T23:59:59")  # yesterday, one second before midnight in Shanghai
    pay("2026-11-25T00:00:00", quantity=2)  # today's first second
    pay("2026-11-25T09:30:00", quantity=3)

    numbers = get_dashboard(shop=shop, now=at("2026-11-25T10:15:00"))

    assert numbers["today"]["paid_orders"] == 2
    assert numbers["today"]["paid_amount"] == Decimal("50.00")
    assert numbers["trend"][-2:] == [
        {"date": at("2026-11-24T00:00").date(), "paid_orders": 1, "paid_amount": Decimal("10.00")},
        {"date": at("2026-11-25T00:00").date(), "paid_orders": 2, "paid_amount": Decimal("50.00")},
    ]


def test_change_compares_with_the_same_hours_of_yesterday(shop, pay):
    pay("2026-11-24T08:10:00")
    pay("2026-11-24T20:00:00", quantity=5)  # later in the day than "now": not compared
    pay("2026-11-25T08:20:00")
    pay("2026-11-25T09:00:00")

    numbers = get_dashboard(shop=shop, now=at("2026-11-25T09:40:00"))

    assert numbers["yesterday_same_time"] == {"paid_orders": 1, "paid_amount": Decimal("10.00")}
    assert numbers["today"]["paid_orders_change"] == Decimal("100.0")
    assert numbers["today"]["paid_amount_change"] == Decimal("100.0")


def test_trend_has_one_entry_per_day_ending_today(shop, pay):
    pay("2026-10-27T12:00:00")  # 30 days back counting today: the first day of the window
    pay("2026-10-26T12:00:00")  # 31 days back: outside

    week = get_dashboard(shop=shop, days=7, now=at("2026-11-25T12:00:00"))["trend"]
    month = get_dashboard(shop=shop, days=30, now=at("2026-11-25T12:00:00"))["trend"]

    assert [day["date"].isoformat() for day in week] == [f"2026-11-{d}" for d in range(19, 26)]
    assert len(month) == 30
    assert month[0] == {
        "date": at("2026-10-27T00:00").date(),
        "paid_orders": 1,
        "paid_amount": Decimal("10.00"),
    }
    assert sum(day["paid_orders"] for day in month) == 1


def test_to_dos_count_awaiting_near_deadline_and_after_sales(shop, pay, owner):
    now = at("2026-11-25T12:00:00")
    pay("2026-11-25T11:00:00")  # deadline in 47 h
    near = pay("2026-11-23T20:00:00")  # deadline 2026-11-25T20:00, 8 h away
    shipped = pay("2026-11-25T10:00:00")
    services.ship_order(order=shipped, carrier="SF", tracking_no="SF1234567890123")
    refund = pay("2026-11-25T10:30:00")
    services.open_after_sale(order=refund, buyer=refund.buyer, reason="不想要了", amount="5.00")

    numbers = get_dashboard(shop=shop, now=now)

    assert numbers["awaiting_shipment"] == 3
    assert numbers["near_deadline"] == 1
    assert numbers["after_sales_open"] == 1
    assert near.ship_deadline == at("2026-11-25T20:00:00")


def test_another_shops_orders_do_not_count(shop, other_shop, pay):
    pay("2026-11-25T09:00:00")

    numbers = get_dashboard(shop=other_shop, now=at("2026-11-25T10:00:00"))

    assert numbers["today"]["paid_orders"] == 0
    assert numbers["awaiting_shipment"] == 0


def test_dashboard_api_answers_the_contract(owner_api, shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # the caller 3, the numbers 5, stock alerts 1
        body = owner_api.get("/api/v1/dashboard?days=30").json()

    assert set(body) >= {"today", "awaiting_shipment", "after_sales_open", "trend"}
    assert set(body["today"]) >= {"paid_orders", "paid_amount"}
    assert len(body["trend"]) == 30
    assert body["trend"][0] == {
        "date": body["trend"][0]["date"],
        "paid_orders": 0,
        "paid_amount": "0.00",
    }
    assert len(owner_api.get("/api/v1/dashboard").json()["trend"]) == 7


def test_dashboard_query_count_does_not_grow_with_orders(
    owner_api, shop, pay, django_assert_max_num_queries
):
    for hour in range(10, 20):
        pay(f"2026-11-2{hour % 5}T{hour}:00:00")

    with django_assert_max_num_queries(9):  # the caller 3, the numbers 5, stock alerts 1
        owner_api.get("/api/v1/dashboard?days=30")


def test_order_counts_kept_by_the_services_match_a_recount(shop, pay, owner):
    orders = [pay(f"2026-11-25T0{hour}:00:00") for hour in range(1, 7)]
    services.ship_order(order=orders[0], carrier="SF", tracking_no="SF1234567890123")
    services.ship_order(order=orders[1], carrier="SF", tracking_no="SF1234567890124")
    services.confirm_receipt(order=orders[1])
    services.open_after_sale(  # the buyer cancels: refunded in full at once
        order=orders[2], buyer=orders[2].buyer, reason="x", amount=orders[2].pay_amount
    )
    services.open_after_sale(order=orders[3], buyer=orders[3].buyer, reason="x", amount="1")
    refused = services.open_after_sale(
        order=orders[4], buyer=orders[4].buyer, reason="x", amount="1"
    )
    services.refuse_after_sale(after_sale=refused, actor=owner, reason="无质量问题")

    kept = {
        field: getattr(shop.order_counts, field)
        for field in [
            "total",
            "awaiting_shipment",
            "shipped",
            "received",
            "cancelled",
            "after_sale_open",
        ]
    }
    shop.order_counts.refresh_from_db()
    rebuilt = services.recount_orders(shop=shop)

    assert kept == {
        "total": 6,
        "awaiting_shipment": 3,
        "shipped": 1,
        "received": 1,
        "cancelled": 1,
        "after_sale_open": 1,
    }
    assert kept == {field: getattr(rebuilt, field) for field in kept}


def test_dashboard_api_refuses_other_periods(owner_api):
    response = owner_api.get("/api/v1/dashboard?days=14")

    assert response.status_code == 400
    assert response.json()["fields"] == {"days": ["请选择 7 天或 30 天。"]}
    assert owner_api.get("/api/v1/dashboard?days=7&days=30").status_code == 400
    assert len(owner_api.get("/api/v1/dashboard?days=30").json()["trend"]) == 30
