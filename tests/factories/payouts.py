from datetime import timedelta
from decimal import ROUND_UP, Decimal

from django.test import RequestFactory
from django.utils import timezone

from orders import services as orders
from payouts import services as payouts
from payouts.models import BankCard
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

VALID_CARD = "6222021234567894"  # 16 digits, passes the Luhn check
VALID_CARD_19 = "6222021234567890128"
FAILING_CARD = "6222021234520000"  # ends in 0000: the simulated bank refuses it


def received_order(shop, price="19.90", quantity=1):
    """An order paid, shipped and received, as it happens for real."""
    order = place(
        BuyerFactory(), make_product(shop, price=price, stock=quantity).skus.get(), quantity
    )
    orders.ship_order(order=order, carrier="SF", tracking_no=f"SF{order.pk:013d}")
    return orders.confirm_receipt(order=order)


def give_balance(shop, amount) -> Decimal:
    """Credit at least `amount` to the shop through a settled order; answer the income."""
    price = (Decimal(amount) / Decimal("0.994")).quantize(Decimal("1"), rounding=ROUND_UP) + 1
    entry = payouts.credit_order_income(order=received_order(shop, price=str(price)))
    return entry.available_delta


def bind_card(shop, user, card_no=VALID_CARD, password="correct-horse-battery", *, fresh=False):
    """The shop's card, bound by `user` (its owner) through the service; bound two days
    ago unless `fresh`, so that it is past the cooling-off and can receive withdrawals."""
    card = payouts.bind_bank_card(
        shop=shop,
        user=user,
        password=password,
        holder_name="张三",
        bank_code="ICBC",
        card_no=card_no,
        request=RequestFactory().put("/api/v1/payouts/bank-card"),
    )
    if not fresh:
        BankCard.objects.filter(pk=card.pk).update(bound_at=timezone.now() - timedelta(days=2))
        card.refresh_from_db()
    return card
