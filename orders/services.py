import hashlib
import hmac
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, InvalidInput
from common.forms import CONTROL_CHARACTERS
from common.identifiers import create_with_unique_code, is_identifier, random_digits
from common.money import quantize_amount
from common.tasks import enqueue, enqueue_on_commit
from common.tenancy import get_object_for_shop
from merchant.models import Shop
from merchant.services import create_user
from orders import exceptions, signals
from orders.carriers import CARRIERS, normalize_tracking_no
from orders.exceptions import OrderNotInShop, RowHasControlCharacters, RowNotStorable
from orders.models import (
    ORDER_TRANSITIONS,
    ActorKind,
    AfterSale,
    AfterSaleStatus,
    Buyer,
    HourlyShopStats,
    LateShipment,
    LogisticsEvent,
    LogisticsStatus,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderItem,
    OrderStatus,
    ReceiptBy,
    RemarkFlag,
    ShipmentImport,
    ShipmentImportStatus,
    ShopOrderCounts,
)
from orders.selectors import (
    PHONE,
    is_assigned_to_manufacturer,
    refunded_amount,
)
from products.models import Product, ProductStatus, Sku

MAX_QUANTITY = 999


@transaction.atomic
def register_buyer(*, username: str, password: str, nickname: str) -> Buyer:
    nickname = nickname.strip()
    if not nickname:
        raise InvalidInput({"nickname": [_("This field is required.")]})
    user = create_user(username=username, password=password)
    return Buyer.objects.create(user=user, nickname=nickname)


def record_event(
    order, kind, *, actor_kind, actor=None, detail: str = "", params=None, at=None
) -> OrderEvent:
    """On the order's timeline: `params` are the system's facts (worded in the reader's
    language when shown, see OrderEvent.describe), `detail` what a person wrote."""
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        actor_kind=actor_kind,
        actor=actor,
        detail=detail[:300],
        params=params or {},
        created_at=at or timezone.now(),
    )


def record_events(
    order_ids, kind, *, actor_kind, actor=None, detail: str = "", params=None
) -> None:
    """The same event on many orders' timelines, in one insert."""
    OrderEvent.objects.bulk_create(
        OrderEvent(
            order_id=pk,
            kind=kind,
            actor_kind=actor_kind,
            actor=actor,
            detail=detail[:300],
            params=params or {},
        )
        for pk in order_ids
    )


def _move(order: Order, status: str) -> None:
    """Change the status of a locked order, refusing what the pipeline does not allow, and
    move it between the shop's counts in the same transaction."""
    if status not in ORDER_TRANSITIONS[order.status]:
        raise ValueError(f"{order.order_sn}: {order.status} -> {status} is not allowed")
    _count(order.shop_id, **{order.status: -1, status: +1})
    order.status = status


def _count(shop_id, **changes) -> None:
    """Add to the shop's order counts, creating its row with the shop's first order."""
    update = {field: F(field) + change for field, change in changes.items()}
    if not ShopOrderCounts.objects.filter(shop_id=shop_id).update(**update):
        ShopOrderCounts.objects.get_or_create(shop_id=shop_id)
        ShopOrderCounts.objects.filter(shop_id=shop_id).update(**update)


@transaction.atomic
def recount_orders(*, shop) -> ShopOrderCounts:
    """Rebuild a shop's order counts from its orders (repair; the services keep them)."""
    orders = Order.objects.for_shop(shop)
    by_status = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    values = {
        "total": sum(by_status.values()),
        **{status: by_status.get(status, 0) for status in OrderStatus.values},
        "after_sale_open": orders.filter(after_sale_status=AfterSaleStatus.IN_PROGRESS).count(),
    }
    counts, _created = ShopOrderCounts.objects.update_or_create(shop=shop, defaults=values)
    return counts


def _clean_consignee(consignee: dict) -> dict:
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


@transaction.atomic
def place_order(
    *, buyer: Buyer, shop_no, items: list[dict], consignee: dict, paid_at=None
) -> Order:
    """A buyer's order, paid at once. Stock is taken here, in the same transaction, by
    conditional updates: a SKU's stock never goes below zero whatever runs in parallel."""
    shops = Shop.objects.filter(is_suspended=False)  # a suspended shop takes no orders
    shop = shops.filter(shop_no=shop_no).first() if is_identifier(str(shop_no)) else None
    if shop is None:
        raise exceptions.ShopNotFound()
    values = _clean_consignee(consignee)
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
    # In id order, so two orders of the same SKUs wait for each other instead of deadlocking.
    for sku_id in sorted(lines):
        taken = Sku.objects.filter(pk=sku_id, stock__gte=lines[sku_id]).update(
            stock=F("stock") - lines[sku_id]
        )
        if not taken:
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
    _count(shop.pk, total=+1, awaiting_shipment=+1)
    record_event(
        order, OrderEventKind.PLACED, actor_kind=ActorKind.BUYER, actor=buyer.user, at=paid_at
    )
    return order


def check_tracking(*, carrier: str, tracking_no: str) -> tuple[str, str]:
    """A known carrier and a number of its format, normalised; else the refusal."""
    carrier = (carrier or "").strip().upper()
    if carrier not in CARRIERS:
        raise exceptions.UnknownCarrier(
            fields={"carrier": [exceptions.UnknownCarrier.default_message]}
        )
    tracking_no = normalize_tracking_no(tracking_no)
    if not CARRIERS[carrier].accepts(tracking_no):
        raise exceptions.InvalidTrackingNo(params={"carrier": carrier})
    return carrier, tracking_no


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _shipping_blocked(order: Order) -> bool:
    return order.is_under_review or order.after_sale_status == AfterSaleStatus.IN_PROGRESS


def _pause_or_resume_deadline(order: Order, now) -> list[str]:
    """Keep the shipping deadline fair to the merchant: it does not run while the order may
    not be shipped (review, open after-sale). Called on a locked order after its review or
    after-sale state changed; answers the fields it changed."""
    if order.status != OrderStatus.AWAITING_SHIPMENT:
        return []
    if _shipping_blocked(order):
        if order.shipping_blocked_since is None:
            order.shipping_blocked_since = now
            return ["shipping_blocked_since"]
        return []
    if order.shipping_blocked_since is not None:
        order.ship_deadline += now - order.shipping_blocked_since
        order.shipping_blocked_since = None
        return ["shipping_blocked_since", "ship_deadline"]
    return []


@transaction.atomic
def ship_order(
    *,
    order: Order,
    carrier: str,
    tracking_no: str,
    actor=None,
    actor_kind=ActorKind.MERCHANT,
    at=None,
    through_dropship: bool = False,
) -> Order:
    """发货: a known carrier and a tracking number of its format. Shipping after the deadline
    records the late shipment at once. An order assigned to a manufacturer ships through the
    dropship path only (`through_dropship`), so it never gets two tracking numbers."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    order = _lock(order)
    if (
        order.status != OrderStatus.AWAITING_SHIPMENT
        or order.after_sale_status == AfterSaleStatus.IN_PROGRESS
        or order.is_under_review
    ):
        raise exceptions.OrderNotShippable()
    if not through_dropship and is_assigned_to_manufacturer(order=order):
        raise exceptions.OrderAssignedToManufacturer()
    now = at or timezone.now()
    _move(order, OrderStatus.SHIPPED)
    order.carrier, order.tracking_no, order.shipped_at = carrier, tracking_no, now
    order.save(update_fields=["status", "carrier", "tracking_no", "shipped_at"])
    record_event(
        order,
        OrderEventKind.SHIPPED,
        actor_kind=actor_kind,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
        at=now,
    )
    _flag_duplicate_tracking(order)
    if now > order.ship_deadline:
        _record_late_shipments([order])
    return order


def _flag_duplicate_tracking(order: Order) -> None:
    """A tracking number already on another order of the shop is a common sign of fake
    shipping (虚假发货): flag both, but do not block (merged parcels are legitimate)."""
    others = list(
        Order.objects.for_shop(order.shop_id)
        .filter(tracking_no=order.tracking_no)
        .exclude(pk=order.pk)
        .values_list("pk", "order_sn")
    )
    if not others:
        return
    Order.objects.filter(pk__in=[order.pk, *[pk for pk, _sn in others]]).update(
        tracking_duplicated=True
    )
    order.tracking_duplicated = True
    duplicated, system = OrderEventKind.TRACKING_DUPLICATED, ActorKind.SYSTEM
    record_events(
        [order.pk], duplicated, actor_kind=system, detail=", ".join(sn for _pk, sn in others)
    )
    record_events([pk for pk, _sn in others], duplicated, actor_kind=system, detail=order.order_sn)


def each_row(rows: list[dict], action) -> list[dict]:
    """Run `action(order_sn, row)` for each row of a file or a form, each in its own
    savepoint (one row's failure undoes nothing of another's, and nothing of its own is
    left half done), and answer one result per row, in order, with what the row said. A
    refusal keeps its code and facts (`params`), to be worded again for its reader."""
    results = []
    for row in rows:
        order_sn = str(row.get("order_sn") or "").strip()
        result = {
            "order_sn": order_sn,
            "carrier": row.get("carrier", ""),
            "tracking_no": row.get("tracking_no", ""),
            "shipped": False,
            "code": "",
            "detail": "",
            "params": None,
        }
        try:
            try:
                if row.get("error") == RowHasControlCharacters.code:  # found reading the file
                    raise RowHasControlCharacters()
                with transaction.atomic():
                    action(order_sn, row)
            except Http404:
                raise OrderNotInShop() from None
            except DataError:  # a value the database cannot store: this row only
                raise RowNotStorable() from None
        except ApplicationError as error:
            result.update(
                code=error.code,
                detail=str(error.message),
                params=error.params if error.rewordable else None,
            )
        else:
            result["shipped"] = True
        results.append(result)
    return results


def ship_orders_batch(*, shop, rows: list[dict], actor) -> list[dict]:
    """批量发货: ship many orders (selected or from a file), each on its own."""
    # The rows' orders in one query (ship_order locks each again, in its row's savepoint);
    # an order number not found here is looked up alone, to say why (none, or unstorable).
    wanted = {str(row.get("order_sn") or "").strip() for row in rows}
    found = Order.objects.for_shop(shop).filter(
        order_sn__in=[sn for sn in wanted if sn and not CONTROL_CHARACTERS.search(sn)]
    )
    orders = {order.order_sn: order for order in found}

    def ship(order_sn, row):
        ship_order(
            order=orders.get(order_sn)
            or get_object_for_shop(Order.objects, shop=shop, order_sn=order_sn),
            carrier=row.get("carrier", ""),
            tracking_no=row.get("tracking_no", ""),
            actor=actor,
        )

    return each_row(rows, ship)


# A file of up to SHIPMENT_IMPORT_INLINE_ROWS rows ships in the request (about a second);
# a larger one in the background, the page showing its progress. Either way in chunks of
# IMPORT_CHUNK_ROWS rows, each chunk one transaction with the import's progress.
IMPORT_CHUNK_ROWS = 100


def start_shipment_import(
    *, shop, rows: list[dict], actor, file_name: str = "", language: str = ""
) -> ShipmentImport:
    """导入发货: keep the file's rows, then ship them here or queue the work."""
    job = ShipmentImport.objects.create(
        shop=shop,
        requested_by=actor,
        file_name=file_name[:200],
        language=language or settings.LANGUAGE_CODE,
        rows=rows,
        total=len(rows),
    )
    if len(rows) <= settings.SHIPMENT_IMPORT_INLINE_ROWS:
        return process_shipment_import(import_id=job.pk)
    enqueue_on_commit("orders.tasks.process_shipment_import_task", job.pk)
    return job


def process_shipment_import(*, import_id: int) -> ShipmentImport:
    """Ship the rows not yet processed, a chunk per transaction with its progress. Safe to
    run again or twice at once (a redelivered task, the sweep): each chunk is taken under
    the import's row lock and starts where the last committed one ended."""
    while True:
        with transaction.atomic():
            job = (
                ShipmentImport.objects.select_for_update().select_related("shop").get(pk=import_id)
            )
            if job.status == ShipmentImportStatus.DONE:
                return job
            chunk = job.rows[job.processed : job.processed + IMPORT_CHUNK_ROWS]
            with translation.override(job.language):
                results = ship_orders_batch(shop=job.shop, rows=chunk, actor=job.requested_by)
            job.results += results
            job.processed += len(chunk)
            job.shipped_count += sum(result["shipped"] for result in results)
            if job.processed >= job.total:
                job.status, job.finished_at = ShipmentImportStatus.DONE, timezone.now()
            job.save(
                update_fields=[
                    "results", "processed", "shipped_count", "status", "finished_at", "updated_at"
                ]
            )  # fmt: skip


def requeue_shipment_imports(*, older_than=timedelta(minutes=2)) -> int:
    """Queue again imports whose worker stopped (or whose task the broker lost)."""
    stale = ShipmentImport.objects.filter(
        status=ShipmentImportStatus.PROCESSING, updated_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    return sum(enqueue("orders.tasks.process_shipment_import_task", pk) for pk in stale)


@transaction.atomic
def confirm_receipt(
    *, order: Order, actor_kind=ActorKind.BUYER, actor=None, received_by=None, at=None
) -> Order:
    """签收: the buyer confirms, the carrier reports delivery, or the automatic confirmation
    runs. Receiving twice is refused, so every path can race safely."""
    order = _lock(order)
    if order.status != OrderStatus.SHIPPED:
        raise exceptions.OrderNotReceivable()
    _move(order, OrderStatus.RECEIVED)
    order.received_at = at or timezone.now()
    order.save(update_fields=["status", "received_at"])
    record_event(
        order,
        OrderEventKind.RECEIVED,
        actor_kind=actor_kind,
        actor=actor,
        params={"received_by": received_by} if received_by else None,
        at=order.received_at,
    )
    signals.order_received.send(sender=Order, order=order)  # its income, after commit
    return order


@transaction.atomic
def open_after_sale(*, order: Order, buyer: Buyer, reason: str, amount) -> AfterSale:
    """售后: a refund request of at most the paid amount, one open at a time."""
    order = _lock(order)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise InvalidInput({"reason": [_("Enter a reason of 1 to 200 characters.")]})
    try:
        amount = quantize_amount(str(amount))
    except (ArithmeticError, ValueError) as error:
        raise InvalidInput({"amount": [_("Enter an amount such as 19.90.")]}) from error
    if not amount.is_finite() or amount <= 0:
        raise InvalidInput({"amount": [_("Enter an amount such as 19.90.")]})
    if amount > order.pay_amount:
        raise exceptions.AfterSaleAmountTooHigh(
            fields={"amount": [exceptions.AfterSaleAmountTooHigh.default_message]}
        )
    if order.status == OrderStatus.CANCELLED or order.after_sale_status in (
        AfterSaleStatus.IN_PROGRESS,
        AfterSaleStatus.REFUNDED,
    ):
        raise exceptions.AfterSaleNotAllowed()
    after_sale = AfterSale.objects.create(
        shop_id=order.shop_id, order=order, buyer=buyer, reason=reason, amount=amount
    )
    order.after_sale_status = AfterSaleStatus.IN_PROGRESS
    paused = _pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["after_sale_status", *paused])
    _count(order.shop_id, after_sale_open=+1)
    # Withdrawals now hold its amount back; an order assigned to a manufacturer comes back.
    signals.after_sale_opened.send(sender=AfterSale, after_sale=after_sale)
    record_event(
        order,
        OrderEventKind.AFTER_SALE_OPENED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        detail=reason,
        params={"amount": f"{amount:.2f}"},
    )
    return after_sale


def _lock_open_after_sale(after_sale: AfterSale) -> tuple[AfterSale, Order]:
    order = _lock(after_sale.order)
    after_sale = AfterSale.objects.select_for_update().get(pk=after_sale.pk)
    if after_sale.status != AfterSaleStatus.IN_PROGRESS:
        raise exceptions.AfterSaleNotOpen()
    _count(order.shop_id, after_sale_open=-1)
    return after_sale, order


@transaction.atomic
def approve_after_sale(*, after_sale: AfterSale, actor) -> AfterSale:
    """退款: the refund is granted. An order not yet shipped and refunded in full is then
    cancelled and its stock returned to the SKUs; refunded in part, it is still to ship."""
    after_sale, order = _lock_open_after_sale(after_sale)
    now = timezone.now()
    after_sale.status, after_sale.resolved_at, after_sale.resolved_by = (
        AfterSaleStatus.REFUNDED,
        now,
        actor,
    )
    after_sale.save(update_fields=["status", "resolved_at", "resolved_by"])
    order.after_sale_status = AfterSaleStatus.REFUNDED
    fields = ["after_sale_status"]
    record_event(
        order,
        OrderEventKind.AFTER_SALE_REFUNDED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        params={"amount": f"{after_sale.amount:.2f}"},
    )
    refunded = refunded_amount(order=order)
    # Only a full refund cancels an order not yet shipped; after a partial one the merchant
    # ships it, and its income is the paid amount less the refund.
    fields += _pause_or_resume_deadline(order, now)
    if order.status == OrderStatus.AWAITING_SHIPMENT and refunded >= order.pay_amount:
        _move(order, OrderStatus.CANCELLED)
        order.cancelled_at = now
        fields += ["status", "cancelled_at"]
        for item in order.items.exclude(sku=None).order_by("sku_id"):
            Sku.objects.filter(pk=item.sku_id).update(stock=F("stock") + item.quantity)
        record_event(order, OrderEventKind.CANCELLED, actor_kind=ActorKind.SYSTEM)
    order.save(update_fields=fields)
    # In this transaction: the refund and its money.
    signals.after_sale_refunded.send(sender=AfterSale, after_sale=after_sale)
    return after_sale


@transaction.atomic
def refuse_after_sale(*, after_sale: AfterSale, actor, reason: str) -> AfterSale:
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise InvalidInput({"reason": [_("Enter a reason of 1 to 200 characters.")]})
    after_sale, order = _lock_open_after_sale(after_sale)
    after_sale.status, after_sale.refuse_reason = AfterSaleStatus.CLOSED, reason
    after_sale.resolved_at, after_sale.resolved_by = timezone.now(), actor
    after_sale.save(update_fields=["status", "refuse_reason", "resolved_at", "resolved_by"])
    order.after_sale_status = AfterSaleStatus.CLOSED
    resumed = _pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["after_sale_status", *resumed])
    record_event(
        order,
        OrderEventKind.AFTER_SALE_CLOSED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        detail=reason,
    )
    return after_sale


@transaction.atomic
def set_remark(*, order: Order, remark: str, remark_flag: str, actor) -> Order:
    remark = (remark or "").strip()
    if len(remark) > 200:
        raise InvalidInput({"remark": [_("Keep the remark under 200 characters.")]})
    if remark_flag not in RemarkFlag.values:
        raise InvalidInput({"remark_flag": [_("Choose one of the flag colours.")]})
    order = _lock(order)
    order.remark, order.remark_flag = remark, remark_flag
    order.save(update_fields=["remark", "remark_flag"])
    record_event(
        order, OrderEventKind.REMARK, actor_kind=ActorKind.MERCHANT, actor=actor, detail=remark
    )
    return order


@transaction.atomic
def set_review(*, order: Order, under_review: bool, actor) -> Order:
    """审核中: the platform holds an order (admin action); it cannot ship meanwhile."""
    order = _lock(order)
    order.is_under_review = under_review
    paused = _pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["is_under_review", *paused])
    record_event(
        order,
        OrderEventKind.REVIEW,
        actor_kind=ActorKind.ADMIN,
        actor=actor,
        params={"under_review": under_review},
    )
    return order


def _record_late_shipments(orders) -> int:
    """Record 延迟发货 once per order: the one-to-one row makes a second detection a no-op."""
    LateShipment.objects.bulk_create(
        [
            LateShipment(
                order=order,
                shop_id=order.shop_id,
                ship_deadline=order.ship_deadline,
                shipped_at=order.shipped_at,
            )
            for order in orders
        ],
        ignore_conflicts=True,
    )
    order_ids = [order.pk for order in orders]
    newly_late = list(
        Order.objects.filter(pk__in=order_ids, is_late=False).values_list("pk", flat=True)
    )
    Order.objects.filter(pk__in=newly_late).update(is_late=True)
    record_events(newly_late, OrderEventKind.LATE_SHIPMENT, actor_kind=ActorKind.SYSTEM)
    late_ids = list(
        LateShipment.objects.filter(order_id__in=newly_late).values_list("pk", flat=True)
    )
    if late_ids:  # the penalties, after commit
        signals.late_shipments_recorded.send(sender=LateShipment, late_shipment_ids=late_ids)
    for order in orders:
        order.is_late = True
    return len(newly_late)


@transaction.atomic
def detect_late_shipments(*, now=None, batch_size: int = 1000) -> int:
    """Orders still unshipped past their deadline, or shipped after it, that have no
    late-shipment record yet. Safe to run twice or in two workers at once.

    Shipping records its own lateness in its transaction; the second query is a safety net
    over the last day's shipments only, so neither query grows with the order history."""
    now = now or timezone.now()
    # Not while the merchant may not ship: its deadline is paused (and moves on after).
    unshipped = Q(
        status=OrderStatus.AWAITING_SHIPMENT,
        ship_deadline__lt=now,
        shipping_blocked_since__isnull=True,
        is_under_review=False,
    ) & ~Q(after_sale_status=AfterSaleStatus.IN_PROGRESS)
    shipped_late = Q(
        status=OrderStatus.SHIPPED,
        shipped_at__gte=now - timedelta(days=1),
        shipped_at__gt=F("ship_deadline"),
    )
    candidates = [
        order
        for condition in (unshipped, shipped_late)
        for order in Order.objects.filter(condition, is_late=False)
        .select_for_update(skip_locked=True)
        .only("pk", "shop_id", "ship_deadline", "shipped_at")[:batch_size]
    ]
    return _record_late_shipments(candidates) if candidates else 0


def auto_confirm_receipts(*, now=None, days: int | None = None, batch_size: int = 500) -> int:
    """Orders shipped more than `days` ago and not yet received are received automatically."""
    now = now or timezone.now()
    days = settings.AUTO_RECEIVE_DAYS if days is None else days
    due = Order.objects.filter(
        status=OrderStatus.SHIPPED, shipped_at__lt=now - timedelta(days=days)
    ).order_by("shipped_at")[:batch_size]
    confirmed = 0
    for order in due:
        try:
            confirm_receipt(
                order=order, actor_kind=ActorKind.SYSTEM, received_by=ReceiptBy.AUTOMATIC
            )
        except exceptions.OrderNotReceivable:
            continue  # received meanwhile through another path
        confirmed += 1
    return confirmed


def verify_webhook_signature(*, carrier: str, body: bytes, signature: str) -> None:
    secret = settings.LOGISTICS_WEBHOOK_SECRETS.get(carrier)
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest() if secret else None
    if not expected or not hmac.compare_digest(expected, (signature or "").strip().lower()):
        raise exceptions.InvalidSignature()


@transaction.atomic
def record_logistics_events(*, carrier: str, tracking_no: str, events: list[dict]) -> int:
    """Append a carrier's tracking events to every order shipped with that number (merged
    parcels share one). A repeated event is ignored; a delivery receives the order."""
    tracking_no = normalize_tracking_no(tracking_no)
    orders = list(Order.objects.filter(carrier=carrier, tracking_no=tracking_no))
    if not orders:
        return 0
    rows = [
        LogisticsEvent(
            order=order,
            event_id=str(event["event_id"])[:64],
            status=event["status"],
            description=str(event.get("description", ""))[:200],
            location=str(event.get("location", ""))[:60],
            occurred_at=event["occurred_at"],
        )
        for order in orders
        for event in events
    ]
    before = LogisticsEvent.objects.filter(order__in=orders).count()
    LogisticsEvent.objects.bulk_create(rows, ignore_conflicts=True)
    added = LogisticsEvent.objects.filter(order__in=orders).count() - before
    if any(event["status"] == LogisticsStatus.DELIVERED for event in events):
        for order in orders:
            if order.status == OrderStatus.SHIPPED:
                try:
                    confirm_receipt(
                        order=order,
                        actor_kind=ActorKind.SYSTEM,
                        received_by=ReceiptBy.CARRIER,
                    )
                except exceptions.OrderNotReceivable:
                    continue
    return added
