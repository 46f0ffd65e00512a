import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from common.dates import shanghai_day_start, within_days
from common.money import quantize_amount
from common.tenancy import get_object_for_shop
from orders.models import (
    OPEN_STAGES,
    AddressChange,
    AddressChangeStatus,
    AfterSale,
    AfterSaleStage,
    AfterSaleStatus,
    HourlyShopStats,
    LogisticsEvent,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderItem,
    OrderStatus,
    Package,
    ShipmentImport,
    ShopOrderCounts,
)

# An order's items in the order placed, as `order.item_list` (what the order serializers read).
ITEMS = Prefetch("items", queryset=OrderItem.objects.order_by("id"), to_attr="item_list")

PHONE = re.compile(r"1[3-9]\d{9}")
ORDER_SN_PREFIX = re.compile(r"[\d-]+")

# The console's tabs: name -> filter. Each matches one composite index of `Order`.
ORDER_TABS = {
    "awaiting_shipment": Q(status=OrderStatus.AWAITING_SHIPMENT),
    "shipped": Q(status=OrderStatus.SHIPPED),
    "received": Q(status=OrderStatus.RECEIVED),
    "after_sale": Q(after_sale_status=AfterSaleStatus.IN_PROGRESS),
    "cancelled": Q(status=OrderStatus.CANCELLED),
    "all": Q(),
}


def filter_orders(
    orders: QuerySet[Order],
    *,
    tab: str = "all",
    status: str = "",
    after_sale_status: str = "",
    dropship_status: str = "",
    q: str = "",
    order_sn: str = "",
    consignee: str = "",
    paid_from=None,
    paid_to=None,
    late: bool = False,
    remark_flag: str = "",
) -> QuerySet[Order]:
    orders = orders.filter(ORDER_TABS.get(tab, Q()))
    if status:
        orders = orders.filter(status=status)
    if after_sale_status:
        orders = orders.filter(after_sale_status=after_sale_status)
    if dropship_status:  # the dropship list's row, by the reverse relation's name
        orders = orders.filter(dropship__dropship_status=dropship_status)
    q = (q or "").strip()
    if q:  # one search box: a mobile number, an order number (prefix), or a consignee name
        if PHONE.fullmatch(q):
            orders = orders.filter(consignee_phone=q)
        elif ORDER_SN_PREFIX.fullmatch(q):
            orders = filter_order_sn_prefix(orders, q)
        else:
            orders = orders.filter(consignee_name=q)
    if order_sn:
        orders = filter_order_sn_prefix(orders, order_sn.strip())
    consignee = (consignee or "").strip()
    if consignee:
        field = (
            "consignee_phone" if consignee.isascii() and consignee.isdigit() else "consignee_name"
        )
        orders = orders.filter(**{field: consignee})
    orders = within_days(orders, "paid_at", paid_from, paid_to)
    if late:
        orders = orders.filter(is_late=True)
    if remark_flag:
        orders = orders.filter(remark_flag=remark_flag)
    return orders


def filter_order_sn_prefix(
    rows: QuerySet, prefix: str, *, number: str = "order_sn", paid_at: str = "paid_at"
) -> QuerySet:
    """Rows whose order number starts with `prefix` (orders, or rows that name an order:
    `number` and `paid_at` are then their paths, e.g. a dropship row's
    `number="order__order_sn"` with its own copy of the payment time). An order number
    starts with its Shanghai payment date (YYMMDD), so a prefix of six digits or more also
    bounds the payment time to that day: the search then reads one day of the shop's rows at
    most, whatever else is filtered."""
    rows = rows.filter(**{f"{number}__startswith": prefix})
    if len(prefix) >= 6:
        try:
            day = date(2000 + int(prefix[:2]), int(prefix[2:4]), int(prefix[4:6]))
        except ValueError:
            return rows.none()
        start = shanghai_day_start(day)
        rows = rows.filter(
            **{f"{paid_at}__gte": start, f"{paid_at}__lt": start + timedelta(days=1)}
        )
    return rows


def list_orders(*, shop, **filters) -> QuerySet[Order]:
    """The shop's orders, newest paid first; a page of them gets its items from `with_items`."""
    return filter_orders(Order.objects.for_shop(shop), **filters).order_by("-paid_at", "-id")


def with_items(orders: list[Order]) -> list[Order]:
    """`orders`, each with its items in `item_list` (as `ITEMS` gives them), in one query.

    A page of a list is fetched first and its items after: done by hand, this costs a third
    of what `prefetch_related` spends on the same query (a manager and a queryset per order).
    """
    by_order = defaultdict(list)
    items = OrderItem.objects.filter(order_id__in=[order.pk for order in orders])
    for item in items.order_by("id"):
        by_order[item.order_id].append(item)
    for order in orders:
        order.item_list = by_order[order.pk]
    return orders


def get_order_counts(*, shop) -> ShopOrderCounts:
    """The shop's order counts per state: one row, whatever the number of orders."""
    return ShopOrderCounts.objects.for_shop(shop).first() or ShopOrderCounts(shop=shop)


def count_orders_by_tab(*, shop) -> dict[str, int]:
    counts = get_order_counts(shop=shop)
    return {
        "awaiting_shipment": counts.awaiting_shipment,
        "shipped": counts.shipped,
        "received": counts.received,
        "after_sale": counts.after_sale_open,
        "cancelled": counts.cancelled,
        "all": counts.total,
    }


def get_order_for_shop(*, shop, order_sn: str) -> Order:
    orders = Order.objects.select_related("buyer", "late_shipment").prefetch_related(
        ITEMS,
        Prefetch(
            "events",
            queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "id"),
        ),
        Prefetch(
            "logistics_events", queryset=LogisticsEvent.objects.order_by("-occurred_at", "-id")
        ),
        Prefetch("packages", queryset=Package.objects.order_by("created_at", "id")),
        Prefetch(
            "after_sales",
            queryset=AfterSale.objects.select_related("return_address")
            .prefetch_related("images")
            .order_by("-created_at", "-id"),
        ),
    )
    return get_object_for_shop(orders, shop=shop, order_sn=order_sn)


def _shipment_imports():
    """Without the file's rows and their results (5,000 each at most): the progress the page
    polls for every second needs neither; a report loads its results when it shows them."""
    return ShipmentImport.objects.defer("rows", "results")


def list_shipment_imports(*, shop) -> QuerySet[ShipmentImport]:
    return _shipment_imports().for_shop(shop)


def get_shipment_import_for_shop(*, shop, import_id) -> ShipmentImport:
    return get_object_for_shop(_shipment_imports(), shop=shop, pk=import_id)


def get_after_sale_for_shop(*, shop, order_sn: str, after_sale_id) -> AfterSale:
    after_sales = AfterSale.objects.select_related("order").filter(order__order_sn=order_sn)
    return get_object_for_shop(after_sales, shop=shop, pk=after_sale_id)


# The 售后 page's tabs: name -> the stages it shows (None: all). The open ones are counted.
AFTER_SALE_TABS = {
    "pending": [AfterSaleStage.AWAITING_MERCHANT],
    "awaiting_return": [AfterSaleStage.AWAITING_RETURN],
    "awaiting_receipt": [AfterSaleStage.AWAITING_RECEIPT],
    "platform": [AfterSaleStage.PLATFORM_REVIEW],
    "completed": [AfterSaleStage.REFUNDED, AfterSaleStage.COMPLETED],
    "closed": [
        AfterSaleStage.REFUSED,
        AfterSaleStage.PLATFORM_REFUSED,
        AfterSaleStage.WITHDRAWN,
        AfterSaleStage.EXPIRED,
    ],
    "all": None,
}
DUE_SOON = timedelta(hours=12)


def list_after_sales(*, shop, **filters) -> QuerySet[AfterSale]:
    """The shop's after-sales, newest first, each with its order, item and return address."""
    after_sales = AfterSale.objects.for_shop(shop).select_related(
        "order", "order_item", "buyer", "return_address"
    )
    return filter_after_sales(after_sales, **filters).order_by("-created_at", "-id")


def filter_after_sales(
    after_sales: QuerySet[AfterSale],
    *,
    tab: str = "all",
    kind: str = "",
    reason_code: str = "",
    q: str = "",
    created_from=None,
    created_to=None,
    due_soon: bool = False,
) -> QuerySet[AfterSale]:
    """A tab is an index range of (shop, stage, created_at); a number searched is the
    order's or the return parcel's."""
    stages = AFTER_SALE_TABS.get(tab)
    if stages:
        after_sales = after_sales.filter(stage__in=stages)
    if kind:
        after_sales = after_sales.filter(kind=kind)
    if reason_code:
        after_sales = after_sales.filter(reason_code=reason_code)
    q = (q or "").strip().upper()
    if q:
        after_sales = after_sales.filter(Q(order__order_sn=q) | Q(return_tracking_no=q))
    after_sales = within_days(after_sales, "created_at", created_from, created_to)
    if due_soon:
        after_sales = after_sales.filter(
            stage__in=OPEN_STAGES, deadline__lte=timezone.now() + DUE_SOON
        )
    return after_sales


def count_after_sales_by_tab(*, shop) -> dict[str, int]:
    """How many wait at each open tab: one GROUP BY over the (shop, stage) index."""
    open_stages = (
        AfterSale.objects.for_shop(shop)
        .filter(stage__in=OPEN_STAGES)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_stage = dict(open_stages)
    return {
        tab: sum(by_stage.get(stage, 0) for stage in stages)
        for tab, stages in AFTER_SALE_TABS.items()
        if stages and set(stages) <= set(OPEN_STAGES)
    }


def get_after_sale(*, shop, after_sale_id) -> AfterSale:
    after_sales = AfterSale.objects.select_related(
        "order", "order_item", "buyer", "return_address", "resolved_by"
    ).prefetch_related("images")
    return get_object_for_shop(after_sales, shop=shop, pk=after_sale_id)


def get_after_sale_image(*, after_sale, image_id):
    """One of the photos of an after-sale the caller may already see (prefetched)."""
    image = next((i for i in after_sale.images.all() if i.pk == image_id), None)
    if image is None:
        raise Http404
    return image


def list_buyer_after_sales(*, buyer) -> QuerySet[AfterSale]:
    return (
        AfterSale.objects.filter(buyer=buyer)
        .select_related("order", "order_item", "return_address")
        .prefetch_related("images")
        .order_by("-created_at", "-id")
    )


def get_buyer_after_sale(*, buyer, after_sale_id) -> AfterSale:
    after_sale = list_buyer_after_sales(buyer=buyer).filter(pk=after_sale_id).first()
    if after_sale is None:
        raise Http404
    return after_sale


def list_buyer_orders(*, buyer) -> QuerySet[Order]:
    return (
        Order.objects.filter(buyer=buyer)
        .select_related("shop")
        .prefetch_related(ITEMS)
        .order_by("-paid_at", "-id")
    )


def get_buyer_order(*, buyer, order_sn: str) -> Order:
    order = list_buyer_orders(buyer=buyer).filter(order_sn=order_sn).first()
    if order is None:
        raise Http404
    return order


NEAR_DEADLINE = timedelta(hours=12)


def get_dashboard(*, shop, days: int = 7, now=None) -> dict:
    """首页 numbers in five small queries whatever the shop's size: the hourly rollup for
    today, yesterday's same hours and the trend; the order counts row; one index range for
    orders due within 12 hours and one for after-sales awaiting an answer."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    today_start = shanghai_day_start(today)
    yesterday_start = today_start - timedelta(days=1)
    current_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    stats = HourlyShopStats.objects.for_shop(shop)
    zero = Decimal("0.00")

    compare = stats.filter(hour__gte=yesterday_start, hour__lte=current_hour).aggregate(
        today_orders=Sum("paid_orders", filter=Q(hour__gte=today_start), default=0),
        today_amount=Sum("paid_amount", filter=Q(hour__gte=today_start), default=zero),
        yesterday_orders=Sum(
            "paid_orders", filter=Q(hour__lte=current_hour - timedelta(days=1)), default=0
        ),
        yesterday_amount=Sum(
            "paid_amount", filter=Q(hour__lte=current_hour - timedelta(days=1)), default=zero
        ),
    )
    first_day = today - timedelta(days=days - 1)
    by_day = {
        row["day"]: row
        for row in stats.filter(hour__gte=shanghai_day_start(first_day), hour__lte=current_hour)
        .annotate(day=TruncDate("hour", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(paid_orders=Sum("paid_orders"), paid_amount=Sum("paid_amount"))
        .order_by("day")
    }
    trend = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        row = by_day.get(day, {})
        trend.append(
            {
                "date": day,
                "paid_orders": row.get("paid_orders", 0),
                "paid_amount": quantize_amount(row.get("paid_amount", zero)),
            }
        )
    counts = get_order_counts(shop=shop)
    near_deadline = (
        Order.objects.for_shop(shop)
        .filter(status=OrderStatus.AWAITING_SHIPMENT, ship_deadline__lt=now + NEAR_DEADLINE)
        .count()
    )
    return {
        "today": {
            "paid_orders": compare["today_orders"],
            "paid_amount": compare["today_amount"],
            "paid_orders_change": _change(compare["today_orders"], compare["yesterday_orders"]),
            "paid_amount_change": _change(compare["today_amount"], compare["yesterday_amount"]),
        },
        "yesterday_same_time": {
            "paid_orders": compare["yesterday_orders"],
            "paid_amount": compare["yesterday_amount"],
        },
        "awaiting_shipment": counts.awaiting_shipment,
        "near_deadline": near_deadline,
        "after_sales_open": counts.after_sale_open,
        # 待处理售后: what waits for the merchant's answer (an index range of one stage).
        "after_sales_pending": AfterSale.objects.for_shop(shop)
        .filter(stage=AfterSaleStage.AWAITING_MERCHANT)
        .count(),
        "trend": trend,
    }


def _change(today, yesterday) -> Decimal | None:
    """Change against yesterday in percent, one decimal; None when yesterday had nothing."""
    if not yesterday:
        return None
    change = (Decimal(today) - Decimal(yesterday)) * 100 / Decimal(yesterday)
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def list_orders_by_sn(*, shop, order_sns) -> QuerySet[Order]:
    return (
        Order.objects.for_shop(shop)
        .filter(order_sn__in=list(order_sns)[:500])
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("id")))
        .order_by("-paid_at", "-id")
    )


EXPORT_CHUNK = 2000


def iterate_for_export(orders: QuerySet[Order], fields):
    """A filtered list as rows for a file, streamed in chunks without holding it all: each
    order as a named tuple of `fields` (no model instances: a million of them cost most of an
    export's time) and its lines as one text ("T恤 白色 / L ×2; 袜子 默认 ×1"), the lines of a
    chunk read in one query."""
    rows = orders.values_list("id", *fields, named=True).iterator(chunk_size=EXPORT_CHUNK)
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            yield from _with_items(chunk)
            chunk = []
    yield from _with_items(chunk)


def _with_items(chunk):
    lines = defaultdict(list)
    items = OrderItem.objects.filter(order_id__in=[row.id for row in chunk]).order_by("id")
    for order_id, title, spec, quantity in items.values_list(
        "order_id", "title", "spec", "quantity"
    ):
        lines[order_id].append(f"{title} {spec} ×{quantity}")
    for row in chunk:
        yield row, "; ".join(lines[row.id])


def refunded_amount(*, order) -> Decimal:
    """What the order's granted refunds add up to."""
    return order.after_sales.filter(status=AfterSaleStatus.REFUNDED).aggregate(
        total=Sum("amount", default=Decimal("0.00"))
    )["total"]


def is_assigned_to_manufacturer(*, order) -> bool:
    """Assigned to a dropship manufacturer and not yet shipped by it: the order ships through
    代发管理 only. (Asked by the reverse relation's name: dropship is a higher app.)"""
    return Order.objects.filter(
        pk=order.pk, dropship__dropship_status__in=("assigned", "tracking_returned")
    ).exists()


def shipped_by_manufacturer(*, order) -> bool:
    """Shipped through 代发 by a manufacturer (its tracking number is the manufacturer's)."""
    return Order.objects.filter(pk=order.pk, dropship__dropship_status="shipped").exists()


def can_modify_shipment(*, order) -> bool:
    """修改发货 is open: shipped, not corrected yet, no logistics reported, not dropshipped."""
    return (
        order.status == OrderStatus.SHIPPED
        and order.shipment_modified_at is None
        and not order.logistics_events.filter(tracking_no__in=["", order.tracking_no]).exists()
        and not shipped_by_manufacturer(order=order)
    )


def printed_by_manufacturer(*, order) -> bool:
    """Assigned to a manufacturer that has printed its waybill (打单 revealed the consignee
    after the latest assignment): the parcel is addressed, the address can no longer change."""
    if not is_assigned_to_manufacturer(order=order):
        return False
    events = OrderEvent.objects.filter(order_id=order.pk)
    assigned_at = (
        events.filter(kind=OrderEventKind.ASSIGNED)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    printed = events.filter(kind=OrderEventKind.CONSIGNEE_REVEALED)
    if assigned_at is not None:
        printed = printed.filter(created_at__gte=assigned_at)
    return printed.exists()


def get_pending_address_change(*, order) -> AddressChange | None:
    return AddressChange.objects.filter(order=order, status=AddressChangeStatus.PENDING).first()


def mark_address_changes(orders: list[Order]) -> list[Order]:
    """`orders`, each with `address_change_pending` (the buyer asked for another address and
    waits for an answer), in one query for a page."""
    pending = set(
        AddressChange.objects.filter(
            order_id__in=[order.pk for order in orders], status=AddressChangeStatus.PENDING
        ).values_list("order_id", flat=True)
    )
    for order in orders:
        order.address_change_pending = order.pk in pending
    return orders


def parcels(order) -> list[dict]:
    """The order's parcels, its own first, then its packages (拆包裹), each with its
    logistics events newest first (reads the prefetched `packages` and `logistics_events`)."""
    events = list(order.logistics_events.all())
    own = {"", order.tracking_no}
    found = [
        {
            "carrier": order.carrier,
            "tracking_no": order.tracking_no,
            "shipped_at": order.shipped_at,
            "is_first": True,
            "events": [event for event in events if event.tracking_no in own],
        }
    ]
    for package in order.packages.all():
        found.append(
            {
                "carrier": package.carrier,
                "tracking_no": package.tracking_no,
                "shipped_at": package.created_at,
                "is_first": False,
                "events": [e for e in events if e.tracking_no == package.tracking_no],
            }
        )
    return found
