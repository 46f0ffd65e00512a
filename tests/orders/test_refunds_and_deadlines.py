"""Rules the feature audit found half kept: a partial refund does not cancel an order, the
shipping deadline pauses while the merchant may not ship, a fully refunded order posts no
¥0.00 income, and a withdrawal the bank refused gives the day back."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from orders import services
from orders.models import LateShipment, Order
from payouts import services as payouts
from payouts.models import LedgerEntry, Withdrawal
from products.models import Sku
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(shop):
    return place(BuyerFactory(), make_product(shop, price="700.00", stock=3).skus.get())


def refund(order, amount, actor):
    after_sale = services.open_after_sale(
        order=order, buyer=order.buyer, reason="少发一件配件", amount=amount
    )
    if after_sale.status == "refunded":  # the buyer's cancellation, granted at once
        return after_sale
    return services.approve_after_sale(after_sale=after_sale, actor=actor)


def test_a_partial_refund_leaves_the_order_to_ship(owner_api, order, owner):
    sku = order.items.get().sku

    refund(order, "5.00", owner)
    shipped = owner_api.post(
        f"/api/v1/orders/{order.order_sn}/ship", {"carrier": "SF", "tracking_no": "SF1234567890123"}
    )

    order.refresh_from_db()
    assert shipped.status_code == 200
    assert order.status == "shipped" and order.after_sale_status == "refunded"
    assert Sku.objects.get(pk=sku.pk).stock == 2  # not returned


def test_the_income_of_a_partly_refunded_order_is_the_rest(order, owner):
    refund(order, "5.00", owner)
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    services.confirm_receipt(order=order)

    entry = payouts.credit_order_income(order=order)

    assert entry.available_delta == Decimal("695.00") - Decimal("4.17")  # 0.6 % fee
    assert entry.describe() == "实付 695.00，技术服务费 4.17"


def test_a_full_refund_still_cancels_and_restocks(order, owner):
    sku = order.items.get().sku

    refund(order, "700.00", owner)

    order.refresh_from_db()
    assert order.status == "cancelled"
    assert Sku.objects.get(pk=sku.pk).stock == 3


def test_a_fully_refunded_order_posts_no_zero_income(order, owner):
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    refund(order, "700.00", owner)
    services.confirm_receipt(order=order)

    assert payouts.credit_order_income(order=order) is None
    assert not LedgerEntry.objects.filter(order=order).exists()


def test_no_late_penalty_while_the_order_may_not_ship(order, owner):
    services.set_review(order=order, under_review=True, actor=None)
    Order.objects.filter(pk=order.pk).update(ship_deadline=timezone.now() - timedelta(hours=1))

    detected = services.detect_late_shipments()

    assert detected == 0
    assert not LateShipment.objects.exists()


def test_the_deadline_moves_on_by_the_time_shipping_was_blocked(order, owner, monkeypatch):
    deadline = order.ship_deadline
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start)
    services.open_after_sale(order=order, buyer=order.buyer, reason="x", amount="1")
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(hours=30))
    services.refuse_after_sale(
        after_sale=order.after_sales.get(), actor=owner, reason="已核实无问题"
    )

    order.refresh_from_db()
    assert order.ship_deadline == deadline + timedelta(hours=30)
    assert order.shipping_blocked_since is None


def test_review_and_after_sale_together_pause_once(order, owner, monkeypatch):
    deadline = order.ship_deadline
    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    services.set_review(order=order, under_review=True, actor=None)
    clock["now"] = start + timedelta(hours=2)
    after_sale = services.open_after_sale(order=order, buyer=order.buyer, reason="x", amount="1")
    clock["now"] = start + timedelta(hours=5)
    services.set_review(order=order, under_review=False, actor=None)  # still blocked
    clock["now"] = start + timedelta(hours=9)
    services.refuse_after_sale(after_sale=after_sale, actor=owner, reason="不符合")

    order.refresh_from_db()
    assert order.ship_deadline == deadline + timedelta(hours=9)


def test_a_withdrawal_the_bank_refused_gives_the_day_back(owner_api, shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "5000")
    first = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"}).json()
    payouts.mark_withdrawal_failed(
        withdrawal=Withdrawal.objects.get(pk=first["id"]), reason="收款账户状态异常"
    )

    again = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"})
    third = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"})

    assert again.status_code == 201
    assert third.json()["code"] == "withdrawal_daily_limit"
