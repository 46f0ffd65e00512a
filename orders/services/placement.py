"""Buyers and the orders they place and pay."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.forms import CONTROL_CHARACTERS
from common.identifiers import create_with_unique_code, is_identifier, random_digits
from common.money import quantize_amount
from merchant.models import Shop
from merchant.services import create_user
from orders import exceptions, signals
from orders.models import (
    ActorKind,
    Buyer,
    HourlyShopStats,
    Order,
    OrderEventKind,
    OrderItem,
)
from orders.selectors import (
    PHONE,
)
from orders.services.state import add_to_counts
from orders.services.timeline import record_event
from products.models import Product, ProductStatus, Sku
from products.services import take_stock

MAX_QUANTITY = 999


@transaction.atomic
def register_buyer(*, username: str, password: str, nickname: str) -> Buyer:
    nickname = nickname.strip()
    if not nickname:
        raise InvalidInput({"nickname": [_("This field is required.")]})
    user = create_user(username=username, password=password)
    return Buyer.objects.create(user=user, nickname=nickname)


def clean_consignee(consignee: dict) -> dict:
    values = {
        key: str(consignee.get(key) or "").strip()
        for key in ("name", "phone", "province", "city", "district", "address")
    }
    limits = {"name": 20, "phone": 20, "province": 20, "city": 20, "district": 20, "address": 120}
    errors = {
        f"consignee.{key}": [_("Enter 1 to %(max)d characters.") % {"max": limit}]
        for key, limit in limits.items()
        if not values[key] or len(values[key]) > limit
    }
    if "consignee.phone" not in errors and not PHONE.fullmatch(values["phone"]):
        errors["consignee.phone"] = [_("Enter an 11-digit mainland mobile number.")]
    if errors:
        raise InvalidInput(errors)
    return values


def _clean_lines(items: list[dict]) -> dict[int, int]:
    """`{sku_id: quantity}`, merging repeated SKUs."""
    if not items:
        raise InvalidInput({"items": [_("Add at least one item.")]})
    lines: dict[int, int] = {}
    for index, item in enumerate(items):
        try:
            sku_id, quantity = int(item["sku_id"]), int(item["quantity"])
        except (KeyError, TypeError, ValueError) as error:
            raise InvalidInput({f"items.{index}": [_("Give a SKU and a quantity.")]}) from error
        if not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidInput({f"items.{index}.quantity": [_("Order 1 to 999 pieces.")]})
        lines[sku_id] = lines.get(sku_id, 0) + quantity
    return lines


def _add_to_hourly_stats(*, shop, paid_at, amount: Decimal) -> None:
    hour = timezone.localtime(paid_at).replace(minute=0, second=0, microsecond=0)
    bump = {"paid_orders": F("paid_orders") + 1, "paid_amount": F("paid_amount") + amount}
    if HourlyShopStats.objects.filter(shop=shop, hour=hour).update(**bump):
        return
    try:
        with transaction.atomic():
            HourlyShopStats.objects.create(shop=shop, hour=hour, paid_orders=1, paid_amount=amount)
    except IntegrityError:  # another order of the same hour created the row first
        HourlyShopStats.objects.filter(shop=shop, hour=hour).update(**bump)


def _clean_buyer_note(note) -> str:
    note = " ".join(str(note or "").split())  # one line, as the list shows it
    if len(note) > 200 or CONTROL_CHARACTERS.search(note):
        raise InvalidInput({"buyer_note": [_("Keep the note to 200 characters of text.")]})
    return note


@transaction.atomic
def place_order(
    *,
    buyer: Buyer,
    shop_no,
    items: list[dict],
    consignee: dict,
    buyer_note: str = "",
    paid_at=None,
) -> Order:
    """A buyer's order, paid at once, with the buyer's note (买家留言) if any. Stock is taken
    here, in the same transaction, by conditional updates: a SKU's stock never goes below
    zero whatever runs in parallel."""
    shops = Shop.objects.filter(is_suspended=False)  # a suspended shop takes no orders
    shop = shops.filter(shop_no=shop_no).first() if is_identifier(str(shop_no)) else None
    if shop is None:
        raise exceptions.ShopNotFound()
    values = clean_consignee(consignee)
    buyer_note = _clean_buyer_note(buyer_note)
    lines = _clean_lines(items)
    skus = {
        sku.pk: sku
        for sku in Sku.objects.for_shop(shop).filter(pk__in=lines).select_related("product")
    }
    for sku_id in lines:
        if sku_id not in skus:
            raise exceptions.SkuNotFound()
        if skus[sku_id].product.status != ProductStatus.ON_SALE:
            raise exceptions.ProductOffSale()
    if take_stock(shop=shop, quantities=lines) is not None:
        raise exceptions.OutOfStock()

    paid_at = paid_at or timezone.now()
    goods_amount = sum(
        (quantize_amount(skus[sku_id].price * quantity) for sku_id, quantity in lines.items()),
        Decimal("0.00"),
    )
    day = timezone.localdate(paid_at)
    order = create_with_unique_code(
        Order,
        field="order_sn",
        make_code=lambda: f"{day:%y%m%d}-{random_digits(15)}",
        shop=shop,
        buyer=buyer,
        goods_amount=goods_amount,
        pay_amount=goods_amount,
        consignee_name=values["name"],
        consignee_phone=values["phone"],
        province=values["province"],
        city=values["city"],
        district=values["district"],
        address=values["address"],
        buyer_note=buyer_note,
        paid_at=paid_at,
        ship_deadline=paid_at + timedelta(hours=settings.SHIP_DEADLINE_HOURS),
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=skus[sku_id].product,
            sku=skus[sku_id],
            goods_id=skus[sku_id].product.goods_id,
            title=skus[sku_id].product.title,
            spec=skus[sku_id].spec,
            price=skus[sku_id].price,
            quantity=quantity,
            amount=quantize_amount(skus[sku_id].price * quantity),
        )
        for sku_id, quantity in sorted(lines.items())
    )
    sold: dict[int, int] = {}
    for sku_id, quantity in lines.items():
        product_id = skus[sku_id].product_id
        sold[product_id] = sold.get(product_id, 0) + quantity
    for product_id in sorted(sold):
        Product.objects.filter(pk=product_id).update(
            sales_count=F("sales_count") + sold[product_id]
        )
    _add_to_hourly_stats(shop=shop, paid_at=paid_at, amount=goods_amount)
    # Joins the dropship list if the shop dropships; shows in the buyer's chat with the shop.
    signals.order_paid.send(sender=Order, order=order)
    add_to_counts(shop.pk, total=+1, awaiting_shipment=+1)
    record_event(
        order, OrderEventKind.PLACED, actor_kind=ActorKind.BUYER, actor=buyer.user, at=paid_at
    )
    return order
