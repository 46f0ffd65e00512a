import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from orders import services as orders
from orders.models import LateShipment
from payouts import services
from payouts.models import FundAccount, LedgerEntry
from tests.factories.merchant import MembershipFactory
from tests.factories.payouts import received_order

pytestmark = pytest.mark.django_db


def test_income_is_the_paid_amount_less_the_fee_rounded_half_up(shop):
    order = received_order(shop, price="19.90")

    entry = services.credit_order_income(order=order)

    assert entry.available_delta == Decimal("19.78")  # fee 0.1194 -> 0.12
    account = FundAccount.objects.get(shop=shop)
    assert (account.available_amount, account.frozen_amount) == (Decimal("19.78"), Decimal("0"))
    assert entry.available_after == Decimal("19.78")


def test_income_is_credited_once(shop):
    order = received_order(shop)

    services.credit_order_income(order=order)
    again = services.credit_order_income(order=order)

    assert again is None
    assert LedgerEntry.objects.filter(order=order).count() == 1


def test_an_unreceived_order_earns_nothing_yet(shop, buyer):
    from tests.factories.orders import place
    from tests.factories.products import make_product

    order = place(buyer, make_product(shop).skus.get())

    assert services.credit_order_income(order=order) is None
    assert not LedgerEntry.objects.exists()


def test_a_refund_after_settlement_takes_the_income_back(shop, owner):
    order = received_order(shop, price="19.90")
    services.credit_order_income(order=order)
    after_sale = orders.open_after_sale(
        order=order, buyer=order.buyer, reason="质量问题", amount="19.90"
    )

    orders.approve_after_sale(after_sale=after_sale, actor=owner)

    account = FundAccount.objects.get(shop=shop)
    assert account.available_amount == Decimal("0.00")
    assert LedgerEntry.objects.get(kind="refund").available_delta == Decimal("-19.78")


def test_a_refund_before_receipt_reduces_the_income(shop, owner, buyer):
    from tests.factories.orders import place
    from tests.factories.products import make_product

    order = place(buyer, make_product(shop, price="100.00").skus.get())
    orders.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    after_sale = orders.open_after_sale(order=order, buyer=buyer, reason="少发一件", amount="40.00")
    orders.approve_after_sale(after_sale=after_sale, actor=owner)
    orders.confirm_receipt(order=order)

    entry = services.credit_order_income(order=order)

    assert entry.available_delta == Decimal("59.64")  # 60.00 less 0.36
    assert not LedgerEntry.objects.filter(kind="refund").exists()


@pytest.mark.parametrize(
    ("paid", "penalty"),
    [("19.90", "3.00"), ("200.00", "10.00"), ("2000.00", "50.00"), ("60.10", "3.01")],
)
def test_late_shipment_penalty_is_5_percent_between_3_and_50_once(shop, paid, penalty):
    order = received_order(shop, price=paid)
    late = LateShipment.objects.create(order=order, shop=shop, ship_deadline=order.ship_deadline)

    services.charge_late_penalty(late_shipment=late)
    services.charge_late_penalty(late_shipment=late)

    entries = LedgerEntry.objects.filter(kind="penalty")
    assert [entry.available_delta for entry in entries] == [-Decimal(penalty)]


def test_the_ledger_is_append_only_in_the_database(shop):
    entry = services.credit_order_income(order=received_order(shop))

    with pytest.raises(TypeError):
        LedgerEntry.objects.filter(pk=entry.pk).update(available_delta=0)
    with pytest.raises(TypeError):
        entry.delete()
    for sql in [
        "UPDATE payouts_ledgerentry SET available_delta = 0",
        "DELETE FROM payouts_ledgerentry",
    ]:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert LedgerEntry.objects.get(pk=entry.pk).available_delta == Decimal("19.78")


def test_verify_ledgers_passes_and_names_a_tampered_account(shop, capsys):
    services.credit_order_income(order=received_order(shop))

    call_command("verify_ledgers")
    FundAccount.objects.filter(shop=shop).update(available_amount=Decimal("1000000.00"))

    with pytest.raises(CommandError):
        call_command("verify_ledgers")
    assert str(shop.shop_no) in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_settling_two_orders_twice_in_parallel_credits_each_once():
    shop = MembershipFactory().shop
    first, second = received_order(shop, price="10.00"), received_order(shop, price="20.00")
    jobs = [first, second, first, second, first, second]
    start = threading.Barrier(len(jobs))

    def settle(order):
        start.wait()
        try:
            return services.credit_order_income(order=order) is not None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        credited = list(pool.map(settle, jobs))

    assert credited.count(True) == 2
    assert FundAccount.objects.get(shop=shop).available_amount == Decimal("9.94") + Decimal("19.88")
    call_command("verify_ledgers")
