import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from merchant.models import Role
from orders import services
from orders.models import LateShipment, LogisticsEvent, Order, OrderEvent
from products.models import Sku
from tests.conftest import staff_of, token_client
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(buyer, shop):
    return place(buyer, make_product(shop, price="19.90", stock=10).skus.get(), quantity=2)


def ship(client, order, carrier="YTO", tracking_no="YT1234567890123"):
    return client.post(
        f"/api/v1/orders/{order.order_sn}/ship", {"carrier": carrier, "tracking_no": tracking_no}
    )


def test_carriers_list_the_contract_codes(owner_api):
    codes = {c["code"] for c in owner_api.get("/api/v1/carriers").json()}

    assert {"ZTO", "YTO", "STO", "YUNDA", "JTSD", "SF", "EMS", "JD"} <= codes


@pytest.mark.parametrize(
    ("carrier", "tracking_no", "ok"),
    [
        ("YTO", "YT1234567890123", True),
        ("YTO", "YT123456789012", False),
        ("SF", "SF123456789012", True),
        ("SF", "SF1234567890123", True),
        ("SF", "SF12345678901", False),
        ("JTSD", "JT1234567890123", True),
        ("JTSD", "YT1234567890123", False),
        ("ZTO", "75312345678901", True),
        ("ZTO", "abc", False),
    ],
)
def test_tracking_numbers_follow_their_carriers_format(owner_api, order, carrier, tracking_no, ok):
    response = ship(owner_api, order, carrier, tracking_no)

    if ok:
        assert response.status_code == 200
        assert response.json()["status"] == "shipped"
        assert response.json()["tracking_no"] == tracking_no
    else:
        assert response.status_code == 400
        assert response.json()["code"] == "invalid_tracking_no"
        order.refresh_from_db()
        assert order.status == "awaiting_shipment"


def test_tracking_number_is_normalised(owner_api, order):
    response = ship(owner_api, order, "YTO", " yt 1234567890123 ")

    assert response.json()["tracking_no"] == "YT1234567890123"


def test_an_unknown_carrier_is_refused(owner_api, order):
    response = ship(owner_api, order, "UPS", "1Z999")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "carrier" in response.json()["fields"]


def test_shipping_twice_is_refused(owner_api, order):
    ship(owner_api, order)

    again = ship(owner_api, order, "SF", "SF1234567890123")

    assert again.status_code == 400
    assert again.json()["code"] == "order_not_shippable"
    order.refresh_from_db()
    assert order.carrier == "YTO"


def test_an_order_under_review_cannot_ship(owner_api, order, owner):
    services.set_review(order=order, under_review=True, actor=owner)

    response = ship(owner_api, order)

    assert response.json()["code"] == "order_not_shippable"


def test_full_pipeline_shipped_then_received(owner_api, buyer_api, order):
    ship(owner_api, order)

    received = buyer_api.post(f"/api/v1/buyer/orders/{order.order_sn}/confirm-receipt")
    detail = owner_api.get(f"/api/v1/orders/{order.order_sn}").json()

    assert received.json()["status"] == "received"
    assert detail["status"] == "received"
    assert [e["kind"] for e in detail["events"]] == ["placed", "shipped", "received"]
    assert [e["actor_kind"] for e in detail["events"]] == ["buyer", "merchant", "buyer"]
    assert detail["consignee"]["phone"] == "13800138000"
    assert detail["consignee"]["address"] == "文一西路 969 号 3 幢 101 室"


def test_a_reused_tracking_number_flags_both_orders(owner_api, buyer, shop, order):
    second = place(buyer, make_product(shop, title="另一件").skus.get())
    ship(owner_api, order)

    response = ship(owner_api, second)

    assert response.status_code == 200
    assert Order.objects.filter(tracking_duplicated=True).count() == 2
    assert OrderEvent.objects.filter(kind="tracking_duplicated").count() == 2


def test_a_full_refund_before_shipping_is_the_buyers_cancellation(owner_api, buyer_api, order):
    sku = order.items.get().sku
    after_sale = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"reason": "拍错了", "amount": "39.80"},
    ).json()

    approve = owner_api.post(
        f"/api/v1/orders/{order.order_sn}/after-sales/{after_sale['id']}/approve"
    )

    assert after_sale["status"] == "refunded"  # granted at once: nothing left to approve
    assert approve.json()["code"] == "after_sale_not_open"
    order.refresh_from_db()
    assert (order.status, order.after_sale_status) == ("cancelled", "refunded")
    assert Sku.objects.get(pk=sku.pk).stock == 10


def test_refusing_an_after_sale_closes_it(owner_api, buyer_api, order):
    after_sale = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales", {"reason": "不想要", "amount": "1.00"}
    ).json()
    url = f"/api/v1/orders/{order.order_sn}/after-sales/{after_sale['id']}"

    refused = owner_api.post(f"{url}/refuse", {"reason": "商品无质量问题"})
    again = owner_api.post(f"{url}/approve")

    assert refused.json()["status"] == "closed"
    assert again.status_code == 400
    assert again.json()["code"] == "after_sale_not_open"
    order.refresh_from_db()
    assert (order.status, order.after_sale_status) == ("awaiting_shipment", "closed")


def test_remark_with_a_colour_flag_filters_the_list(owner_api, order):
    owner_api.put(
        f"/api/v1/orders/{order.order_sn}/remark", {"remark": "加急", "remark_flag": "red"}
    )

    red = owner_api.get("/api/v1/orders?remark_flag=red").json()["results"]
    blue = owner_api.get("/api/v1/orders?remark_flag=blue").json()["results"]

    assert [o["order_sn"] for o in red] == [order.order_sn]
    assert blue == []


def test_another_shops_order_is_404_and_untouched(other_owner_api, order):
    assert other_owner_api.get(f"/api/v1/orders/{order.order_sn}").status_code == 404
    assert ship(other_owner_api, order).status_code == 404
    assert other_owner_api.get("/api/v1/orders").json()["results"] == []
    order.refresh_from_db()
    assert order.status == "awaiting_shipment"


def test_customer_service_cannot_ship(shop, order):
    client = token_client(staff_of(shop, Role.CUSTOMER_SERVICE))

    assert ship(client, order).status_code == 403
    order.refresh_from_db()
    assert order.status == "awaiting_shipment"


def test_the_list_pages_with_a_cursor_without_gaps_or_repeats(owner_api, buyer, shop):
    sku = make_product(shop, stock=100).skus.get()
    orders = [place(buyer, sku) for _ in range(7)]
    same_time = timezone.now() - timedelta(hours=1)
    Order.objects.filter(pk__in=[o.pk for o in orders[2:5]]).update(paid_at=same_time)

    seen, url = [], "/api/v1/orders?page_size=3"
    while url:
        page = owner_api.get(url).json()
        seen += [o["order_sn"] for o in page["results"]]
        url = page["next"]
    back = owner_api.get(page["previous"]).json() if page["previous"] else None

    expected = list(Order.objects.order_by("-paid_at", "-id").values_list("order_sn", flat=True))
    assert seen == expected
    assert [o["order_sn"] for o in back["results"]] == expected[3:6]


def test_the_order_list_costs_the_same_queries_for_20_and_100_rows(
    owner_api, buyer, shop, django_assert_num_queries
):
    sku = make_product(shop, stock=500).skus.get()
    for _ in range(100):
        place(buyer, sku)

    with django_assert_num_queries(4) as small:
        assert len(owner_api.get("/api/v1/orders?page_size=20").json()["results"]) == 20
    with django_assert_num_queries(4):
        assert len(owner_api.get("/api/v1/orders?page_size=100").json()["results"]) == 100
    assert small


def sign(body: bytes, secret="sf-secret") -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def webhook_secret(settings):
    settings.LOGISTICS_WEBHOOK_SECRETS = {"SF": "sf-secret"}


def post_events(client, body: dict, signature=None):
    raw = json.dumps(body).encode()
    return client.post(
        "/api/v1/logistics/webhook/sf",
        raw,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature if signature is not None else sign(raw),
    )


def delivered_events(tracking_no):
    return {
        "tracking_no": tracking_no,
        "events": [
            {
                "event_id": "e1",
                "status": "in_transit",
                "description": "快件已到达杭州转运中心",
                "occurred_at": "2026-11-20T10:00:00+08:00",
            },
            {
                "event_id": "e2",
                "status": "delivered",
                "description": "已签收，签收人：本人",
                "occurred_at": "2026-11-21T15:30:00+08:00",
            },
        ],
    }


def test_webhook_refuses_a_bad_signature_and_writes_nothing(
    anonymous_api, owner_api, order, webhook_secret
):
    ship(owner_api, order, "SF", "SF1234567890123")

    response = post_events(anonymous_api, delivered_events("SF1234567890123"), signature="0" * 64)

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"
    assert not LogisticsEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == "shipped"


def test_webhook_appends_events_once_and_delivery_receives(
    anonymous_api, owner_api, order, webhook_secret
):
    ship(owner_api, order, "SF", "SF1234567890123")

    first = post_events(anonymous_api, delivered_events("SF1234567890123"))
    again = post_events(anonymous_api, delivered_events("SF1234567890123"))

    assert first.json()["added"] == 2
    assert again.json()["added"] == 0
    detail = owner_api.get(f"/api/v1/orders/{order.order_sn}").json()
    assert [e["description"] for e in detail["logistics_events"]] == [
        "已签收，签收人：本人",
        "快件已到达杭州转运中心",
    ]
    assert detail["status"] == "received"
    assert detail["events"][-1]["actor_kind"] == "system"


def test_unshipped_past_the_deadline_is_recorded_late_once(order):
    Order.objects.filter(pk=order.pk).update(ship_deadline=timezone.now() - timedelta(minutes=1))

    first = services.detect_late_shipments()
    second = services.detect_late_shipments()

    assert (first, second) == (1, 0)
    order.refresh_from_db()
    assert order.is_late
    assert LateShipment.objects.get(order=order).shipped_at is None


def test_shipping_after_the_deadline_is_a_late_shipment(owner_api, order):
    Order.objects.filter(pk=order.pk).update(ship_deadline=timezone.now() - timedelta(hours=1))

    ship(owner_api, order)

    late = LateShipment.objects.get(order=order)
    assert late.shipped_at is not None
    assert services.detect_late_shipments() == 0
    assert owner_api.get("/api/v1/orders?late=1").json()["results"][0]["order_sn"] == order.order_sn


def test_a_timely_order_is_not_late(order):
    assert services.detect_late_shipments() == 0
    assert not LateShipment.objects.exists()


def test_shipped_orders_are_received_automatically_after_n_days(owner_api, order):
    ship(owner_api, order)
    Order.objects.filter(pk=order.pk).update(shipped_at=timezone.now() - timedelta(days=11))

    assert services.auto_confirm_receipts(days=10) == 1
    order.refresh_from_db()
    assert order.status == "received"
    assert services.auto_confirm_receipts(days=10) == 0


def test_search_by_order_number_prefix(owner_api, order):
    def found(q):
        return [o["order_sn"] for o in owner_api.get(f"/api/v1/orders?q={q}").json()["results"]]

    assert found(order.order_sn[:6]) == [order.order_sn]
    assert found(order.order_sn[:12]) == [order.order_sn]
    assert found(order.order_sn) == [order.order_sn]
    assert found("991399") == []  # not a date: no order number starts so
    assert found("13800138000") == [order.order_sn]  # the consignee's phone
    assert found("张三") == [order.order_sn]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=AAA", "Select a valid choice"),
        ("status=", "Enter a value, or leave the parameter out."),
        ("status=shipped&status=received", "Give this parameter once."),
        ("late=maybe", "Enter true or false."),
        ("late=", "Enter a value, or leave the parameter out."),
        ("page_size=0", "Enter a whole number from 1 to 100."),
        ("page_size=20&page_size=100", "Give this parameter once."),
    ],
)
def test_a_filter_the_list_cannot_apply_is_refused_not_dropped(owner_api, order, query, message):
    response = owner_api.get(f"/api/v1/orders?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert message in response.json()["detail"]
