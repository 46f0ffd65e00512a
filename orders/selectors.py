import re
from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.tenancy import get_object_for_shop
from orders.models import (
    AfterSale,
    AfterSaleStatus,
    LogisticsEvent,
    Order,
    OrderEvent,
    OrderItem,
    OrderStatus,
)

COUNT_CAP = 10_000
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


def shanghai_day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_orders(
    orders: QuerySet[Order],
    *,
    tab: str = "all",
    status: str = "",
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
    q = (q or "").strip()
    if q:  # one search box: a mobile number, an order number (prefix), or a consignee name
        if PHONE.fullmatch(q):
            orders = orders.filter(consignee_phone=q)
        elif ORDER_SN_PREFIX.fullmatch(q):
            orders = orders.filter(order_sn__startswith=q)
        else:
            orders = orders.filter(consignee_name=q)
    if order_sn:
        orders = orders.filter(order_sn__startswith=order_sn.strip())
    consignee = (consignee or "").strip()
    if consignee:
        field = "consignee_phone" if consignee.isdigit() else "consignee_name"
        orders = orders.filter(**{field: consignee})
    if paid_from:
        orders = orders.filter(paid_at__gte=shanghai_day_start(paid_from))
    if paid_to:
        orders = orders.filter(paid_at__lt=shanghai_day_start(paid_to + timedelta(days=1)))
    if late:
        orders = orders.filter(is_late=True)
    if remark_flag:
        orders = orders.filter(remark_flag=remark_flag)
    return orders


def list_orders(*, shop, **filters) -> QuerySet[Order]:
    """The shop's orders, newest paid first, with their items in one extra query."""
    orders = Order.objects.for_shop(shop).prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("id"))
    )
    return filter_orders(orders, **filters).order_by("-paid_at", "-id")


def count_orders_by_tab(*, shop) -> dict[str, int]:
    """Each tab's count, capped: counting stops at COUNT_CAP + 1 rows, so a shop with a
    million orders pays for ten thousand index entries, not a million."""
    orders = Order.objects.for_shop(shop)
    return {
        tab: orders.filter(condition).order_by()[: COUNT_CAP + 1].count()
        for tab, condition in ORDER_TABS.items()
    }


def get_order_for_shop(*, shop, order_sn: str) -> Order:
    orders = Order.objects.select_related("buyer", "late_shipment").prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.order_by("id")),
        Prefetch(
            "events",
            queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "id"),
        ),
        Prefetch(
            "logistics_events", queryset=LogisticsEvent.objects.order_by("-occurred_at", "-id")
        ),
        Prefetch("after_sales", queryset=AfterSale.objects.order_by("-created_at", "-id")),
    )
    return get_object_for_shop(orders, shop=shop, order_sn=order_sn)


def get_after_sale_for_shop(*, shop, order_sn: str, after_sale_id) -> AfterSale:
    after_sales = AfterSale.objects.select_related("order").filter(order__order_sn=order_sn)
    return get_object_for_shop(after_sales, shop=shop, pk=after_sale_id)


def list_buyer_orders(*, buyer) -> QuerySet[Order]:
    return (
        Order.objects.filter(buyer=buyer)
        .select_related("shop")
        .prefetch_related(Prefetch("items", queryset=OrderItem.objects.order_by("id")))
        .order_by("-paid_at", "-id")
    )


def get_buyer_order(*, buyer, order_sn: str) -> Order:
    order = list_buyer_orders(buyer=buyer).filter(order_sn=order_sn).first()
    if order is None:
        raise Http404
    return order
