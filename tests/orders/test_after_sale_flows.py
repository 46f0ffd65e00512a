"""售后 of each kind, step by step, as the buyer, the merchant, the platform's deadlines and
a platform admin move it: what each sees (stage, summary on the order), the money and the
stock. Deadlines are passed by handing the sweep a later clock."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from common.exceptions import InvalidInput
from orders import exceptions, services
from orders.models import AfterSale, OrderEvent
from payouts import services as payouts
from payouts.models import LedgerEntry
from products.models import Sku
from tests.factories.dropship import return_address
from tests.factories.merchant import UserFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def sku(shop):
    return make_product(shop, price="100.00", stock=10).skus.get()


@pytest.fixture
def shipped(sku):
    """An order of two pieces (¥200), shipped."""
    order = place(BuyerFactory(), sku, quantity=2)
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    order.refresh_from_db()
    return order


@pytest.fixture
def address(shop):
    return return_address(shop, is_default=True)


def ask(order, kind, amount="100.00", **fields):
    return services.open_after_sale(
        order=order, buyer=order.buyer, reason="质量问题", amount=amount, kind=kind, **fields
    )


def stock(sku):
    return Sku.objects.get(pk=sku.pk).stock


def state(after_sale):
    after_sale.refresh_from_db()
    after_sale.order.refresh_from_db()
    return after_sale.stage, after_sale.status, after_sale.order.after_sale_status


def later(**delta):
    return timezone.now() + timedelta(**delta)


def test_refund_only_is_paid_when_the_merchant_agrees(shipped, owner):
    after_sale = ask(shipped, "refund_only", reason_code="missing_parts")

    assert state(after_sale) == ("awaiting_merchant", "in_progress", "in_progress")
    assert after_sale.deadline == pytest.approx(later(hours=48), abs=timedelta(seconds=30))
    services.approve_after_sale(after_sale=after_sale, actor=owner)

    assert state(after_sale) == ("refunded", "refunded", "refunded")
    assert shipped.status == "shipped"  # a partial refund never cancels the order


def test_a_return_goes_to_the_address_then_back_into_stock_and_money(shipped, sku, owner, address):
    item = shipped.items.get()
    after_sale = ask(shipped, "return_and_refund", order_item_id=item.pk, quantity=1)

    services.approve_after_sale(after_sale=after_sale, actor=owner)
    assert state(after_sale) == ("awaiting_return", "in_progress", "in_progress")
    assert after_sale.return_address == address
    assert after_sale.deadline == pytest.approx(later(days=7), abs=timedelta(seconds=30))

    with pytest.raises(exceptions.InvalidTrackingNo):
        services.ship_return(
            after_sale=after_sale, buyer=shipped.buyer, carrier="YTO", tracking_no="12345"
        )
    assert state(after_sale)[0] == "awaiting_return"  # the refusal changed nothing
    services.ship_return(
        after_sale=after_sale, buyer=shipped.buyer, carrier="yto", tracking_no="yt1234567890123"
    )
    assert state(after_sale)[0] == "awaiting_receipt"
    assert (after_sale.return_carrier, after_sale.return_tracking_no) == ("YTO", "YT1234567890123")

    before = stock(sku)
    services.confirm_return(after_sale=after_sale, actor=owner)

    assert state(after_sale) == ("refunded", "refunded", "refunded")
    assert stock(sku) == before + 1  # the one piece that came back
    kinds = list(OrderEvent.objects.filter(order=shipped).values_list("kind", flat=True))
    assert kinds[-4:] == [
        "after_sale_agreed",
        "after_sale_return_shipped",
        "after_sale_return_received",
        "after_sale_refunded",
    ]


def test_a_return_needs_a_return_address(shipped, owner):
    after_sale = ask(shipped, "return_and_refund")

    with pytest.raises(exceptions.ReturnAddressRequired):
        services.approve_after_sale(after_sale=after_sale, actor=owner)

    assert state(after_sale)[0] == "awaiting_merchant"


def test_another_shops_return_address_is_refused(shipped, owner, other_shop):
    after_sale = ask(shipped, "return_and_refund")

    with pytest.raises(exceptions.ReturnAddressRequired):
        services.approve_after_sale(
            after_sale=after_sale, actor=owner, return_address_id=return_address(other_shop).pk
        )


def test_an_exchange_ends_with_the_replacement_shipped_and_no_refund(shipped, sku, owner, address):
    after_sale = ask(shipped, "exchange", amount=None, reason_code="wrong_item")
    assert after_sale.amount == Decimal("200.00")  # what the platform would refund
    services.approve_after_sale(after_sale=after_sale, actor=owner)
    services.ship_return(
        after_sale=after_sale, buyer=shipped.buyer, carrier="SF", tracking_no="SF1234567890999"
    )
    before = stock(sku)

    with pytest.raises(exceptions.UnknownCarrier):
        services.confirm_return(after_sale=after_sale, actor=owner)
    services.confirm_return(
        after_sale=after_sale, actor=owner, carrier="ZTO", tracking_no="75312345678901"
    )

    assert state(after_sale) == ("completed", "closed", "closed")
    assert after_sale.resend_tracking_no == "75312345678901"
    assert stock(sku) == before  # one came back, one went out
    assert not AfterSale.objects.filter(status="refunded").exists()


def test_a_resend_is_the_merchants_shipment(shipped, owner):
    after_sale = ask(shipped, "resend", amount=None, reason_code="missing_parts")

    services.approve_after_sale(
        after_sale=after_sale, actor=owner, carrier="YUNDA", tracking_no="4312345678901"
    )

    assert state(after_sale) == ("completed", "closed", "closed")
    assert OrderEvent.objects.filter(order=shipped, kind="after_sale_resent").exists()


def test_before_shipping_only_a_refund_may_be_asked(sku):
    order = place(BuyerFactory(), sku)

    for kind in ("return_and_refund", "exchange", "resend"):
        with pytest.raises(exceptions.AfterSaleKindNotAllowed):
            ask(order, kind)
    with pytest.raises(InvalidInput):
        ask(order, "repair")
    assert not AfterSale.objects.exists()


def test_the_buyers_cancellation_is_granted_at_once_and_restocks(sku):
    order = place(BuyerFactory(), sku, quantity=3)

    after_sale = ask(order, "refund_only", amount="300.00")

    assert state(after_sale) == ("refunded", "refunded", "refunded")
    assert after_sale.order.status == "cancelled"
    assert stock(sku) == 10
    event = OrderEvent.objects.get(order=order, kind="after_sale_refunded")
    assert event.actor_kind == "system"


def test_a_partial_refund_before_shipping_waits_for_the_merchant(sku):
    order = place(BuyerFactory(), sku, quantity=3)

    after_sale = ask(order, "refund_only", amount="100.00")

    assert state(after_sale)[0] == "awaiting_merchant"
    assert stock(sku) == 7


def test_each_request_is_capped_by_what_is_left_to_refund(shipped, owner):
    services.approve_after_sale(after_sale=ask(shipped, "refund_only", "150.00"), actor=owner)

    with pytest.raises(exceptions.AfterSaleAmountTooHigh) as refused:
        ask(shipped, "refund_only", "50.01")
    rest = ask(shipped, "refund_only", "50.00")

    assert "50.00" in str(refused.value.message)
    services.approve_after_sale(after_sale=rest, actor=owner)
    with pytest.raises(exceptions.AfterSaleNotAllowed):
        ask(shipped, "refund_only", "0.01")  # nothing left


def test_the_buyer_withdraws_before_the_goods_travel(shipped, owner, address):
    first = ask(shipped, "return_and_refund")
    services.approve_after_sale(after_sale=first, actor=owner)
    services.withdraw_after_sale(after_sale=first, buyer=shipped.buyer)
    assert state(first) == ("withdrawn", "closed", "closed")

    second = ask(shipped, "return_and_refund")
    services.approve_after_sale(after_sale=second, actor=owner)
    services.ship_return(
        after_sale=second, buyer=shipped.buyer, carrier="SF", tracking_no="SF1234567890999"
    )
    with pytest.raises(exceptions.AfterSaleWrongStage) as refused:
        services.withdraw_after_sale(after_sale=second, buyer=shipped.buyer)
    assert "待商家收货" in str(refused.value.message)


def test_a_refused_buyer_appeals_once_and_the_platform_decides(shipped, owner):
    admin = UserFactory(is_staff=True)
    after_sale = ask(shipped, "refund_only")
    services.refuse_after_sale(after_sale=after_sale, actor=owner, reason="商品完好")
    assert state(after_sale) == ("refused", "closed", "closed")

    services.appeal_after_sale(after_sale=after_sale, buyer=shipped.buyer, reason="少发一件")
    assert state(after_sale) == ("platform_review", "in_progress", "in_progress")
    with pytest.raises(exceptions.AfterSaleWrongStage):
        services.approve_after_sale(after_sale=after_sale, actor=owner)  # not the merchant's
    services.decide_appeal(after_sale=after_sale, admin=admin, refund=True, note="证据充分")

    assert state(after_sale) == ("refunded", "refunded", "refunded")
    refunded = OrderEvent.objects.filter(order=shipped, kind="after_sale_refunded").get()
    assert (refunded.actor_kind, refunded.actor) == ("admin", admin)


def test_an_appeal_is_refused_twice_or_late(shipped, owner):
    admin = UserFactory(is_staff=True)
    after_sale = ask(shipped, "refund_only")
    services.refuse_after_sale(after_sale=after_sale, actor=owner, reason="商品完好")
    services.appeal_after_sale(after_sale=after_sale, buyer=shipped.buyer, reason="少发一件")
    services.decide_appeal(after_sale=after_sale, admin=admin, refund=False, note="证据不足")
    assert state(after_sale) == ("platform_refused", "closed", "closed")

    late = ask(shipped, "refund_only", "10.00")
    services.refuse_after_sale(after_sale=late, actor=owner, reason="商品完好")
    AfterSale.objects.filter(pk=late.pk).update(resolved_at=later(days=-8))

    with pytest.raises(exceptions.AfterSaleNotOpen):
        services.appeal_after_sale(after_sale=after_sale, buyer=shipped.buyer, reason="再议")
    with pytest.raises(exceptions.AfterSaleNotAppealable):
        services.appeal_after_sale(after_sale=late, buyer=shipped.buyer, reason="再议")


def test_the_platform_agrees_for_a_merchant_who_did_not_answer(shipped, sku):
    after_sale = ask(shipped, "refund_only")

    assert services.expire_after_sales(now=later(hours=47)) == 0
    assert services.expire_after_sales(now=later(hours=49)) == 1
    assert services.expire_after_sales(now=later(hours=50)) == 0  # once

    assert state(after_sale) == ("refunded", "refunded", "refunded")
    event = OrderEvent.objects.get(order=shipped, kind="after_sale_refunded")
    assert event.actor_kind == "system"


def test_an_unanswered_return_goes_to_the_default_address_or_is_refunded(shipped, sku, shop):
    returned = ask(shipped, "return_and_refund", "50.00")
    services.expire_after_sales(now=later(hours=49))
    assert state(returned)[0] == "refunded"  # no return address: the buyer is refunded

    address = return_address(shop, is_default=True)
    second = ask(shipped, "return_and_refund", "50.00")
    services.expire_after_sales(now=later(hours=49))
    assert state(second)[0] == "awaiting_return"
    assert second.return_address == address


def test_a_return_not_shipped_in_time_closes_and_one_not_confirmed_is_refunded(
    shipped, sku, owner, address
):
    idle = ask(shipped, "return_and_refund", "50.00")
    services.approve_after_sale(after_sale=idle, actor=owner)
    services.expire_after_sales(now=later(days=8))
    assert state(idle) == ("expired", "closed", "closed")

    sent = ask(shipped, "return_and_refund", "50.00", order_item_id=shipped.items.get().pk)
    services.approve_after_sale(after_sale=sent, actor=owner)
    services.ship_return(
        after_sale=sent, buyer=shipped.buyer, carrier="SF", tracking_no="SF1234567890999"
    )
    before = stock(sku)
    assert services.expire_after_sales(now=later(days=6)) == 0
    services.expire_after_sales(now=later(days=8))

    assert state(sent) == ("refunded", "refunded", "refunded")
    assert stock(sku) == before + 2  # the whole line (2 pieces) came back
    assert sent.return_received_at is not None


def test_the_shops_counts_follow_every_step(shipped, owner, shop, address):
    def open_count():
        shop.order_counts.refresh_from_db()
        return shop.order_counts.after_sale_open

    after_sale = ask(shipped, "return_and_refund")
    assert open_count() == 1
    services.approve_after_sale(after_sale=after_sale, actor=owner)
    assert open_count() == 1
    services.withdraw_after_sale(after_sale=after_sale, buyer=shipped.buyer)
    assert open_count() == 0
    refused = ask(shipped, "refund_only")
    services.refuse_after_sale(after_sale=refused, actor=owner, reason="商品完好")
    services.appeal_after_sale(after_sale=refused, buyer=shipped.buyer, reason="少发一件")
    assert open_count() == 1
    assert services.recount_orders(shop=shop).after_sale_open == 1


def test_a_refund_after_settlement_is_debited_and_the_ledger_verifies(shipped, owner, shop):
    services.confirm_receipt(order=shipped)
    payouts.credit_order_income(order=shipped)
    after_sale = ask(shipped, "refund_only", "100.00")
    services.refuse_after_sale(after_sale=after_sale, actor=owner, reason="商品完好")
    services.appeal_after_sale(after_sale=after_sale, buyer=shipped.buyer, reason="少发一件")

    services.decide_appeal(
        after_sale=after_sale, admin=UserFactory(is_staff=True), refund=True, note="证据充分"
    )

    debit = LedgerEntry.objects.get(kind="refund", after_sale=after_sale)
    assert debit.available_delta == Decimal("-99.40")  # less its 0.6 % service fee
    assert payouts.verify_ledger(shop.fund_account) == []


def race(*acts) -> list[str]:
    """Run `acts` at the same moment, each on its own connection: "done" or "refused"."""
    start = threading.Barrier(len(acts))

    def step(act):
        start.wait()
        try:
            act()
            return "done"
        except exceptions.AfterSaleNotOpen:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(acts)) as pool:
        return list(pool.map(step, acts))


@pytest.mark.django_db(transaction=True)
def test_a_buyer_withdrawing_while_the_merchant_agrees_one_wins(owner_membership):
    """On two connections at once, several times: exactly one of the two steps happens, the
    other is told the request moved on, and the money is paid at most once."""
    shop, owner = owner_membership.shop, owner_membership.user
    sku = make_product(shop, price="100.00", stock=40).skus.get()
    for round_no in range(8):
        order = place(BuyerFactory(), sku)
        services.ship_order(order=order, carrier="SF", tracking_no=f"SF12345678901{round_no:02d}")
        services.confirm_receipt(order=order)
        payouts.credit_order_income(order=order)
        after_sale = ask(order, "refund_only", "60.00")

        approve, withdraw = race(
            partial(services.approve_after_sale, after_sale=after_sale, actor=owner),
            partial(services.withdraw_after_sale, after_sale=after_sale, buyer=order.buyer),
        )

        after_sale.refresh_from_db()
        assert sorted([approve, withdraw]) == ["done", "refused"]
        assert after_sale.stage == ("refunded" if approve == "done" else "withdrawn")
        debits = LedgerEntry.objects.filter(kind="refund", after_sale=after_sale).count()
        assert debits == (1 if approve == "done" else 0)
    assert payouts.verify_ledger(shop.fund_account) == []
