from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from common.dates import shanghai_day_start
from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from dropship.models import (
    Binding,
    BindingStatus,
    DropshipIdentity,
    DropshipOrder,
    DropshipStatus,
    Statement,
    StatementStatus,
    SupplyPrice,
)
from orders.models import OrderItem
from orders.selectors import filter_order_sn_prefix


def get_identity(*, shop) -> DropshipIdentity | None:
    return DropshipIdentity.objects.for_shop(shop).first()


def get_identities(*, shop_ids) -> dict[int, DropshipIdentity]:
    """The dropship identities of several shops, by shop id (one query)."""
    return {
        identity.shop_id: identity
        for identity in DropshipIdentity.objects.filter(shop_id__in=list(shop_ids))
    }


def get_dropship_role(*, shop) -> str | None:
    """ "merchant", "manufacturer", or None while the shop has not chosen."""
    identity = get_identity(shop=shop)
    return identity.role if identity else None


def mask_name(name: str) -> str:
    return f"{name[:1]}*" if name else ""


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 7 else "****"


def list_bindings(*, shop) -> QuerySet[Binding]:
    return (
        Binding.objects.for_shop(shop)
        .select_related("merchant_shop", "manufacturer_shop", "ended_by_shop")
        .order_by("-created_at", "-id")
    )


def list_active_manufacturers(*, shop) -> QuerySet[Binding]:
    return list_bindings(shop=shop).filter(merchant_shop=shop, status=BindingStatus.ACTIVE)


def get_binding_for_shop(*, shop, binding_id) -> Binding:
    return get_object_for_shop(list_bindings(shop=shop), shop=shop, pk=binding_id)


def _items():
    return Prefetch("order__items", queryset=OrderItem.objects.order_by("id"))


def list_dropship_orders(
    *, shop, dropship_status: str = "", q: str = ""
) -> QuerySet[DropshipOrder]:
    rows = (
        DropshipOrder.objects.for_shop(shop)
        .select_related("order", "manufacturer_shop")
        .prefetch_related(_items())
    )
    if dropship_status in DropshipStatus.values:
        rows = rows.filter(dropship_status=dropship_status)
    if q:  # the row's own payment time bounds a dated prefix to one day of the shop's rows
        rows = filter_order_sn_prefix(rows, q.strip(), number="order__order_sn")
    return rows.order_by("-paid_at", "-id")


def count_dropship_orders(*, shop) -> dict[str, int]:
    counts = dict(
        DropshipOrder.objects.for_shop(shop)
        .values_list("dropship_status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {status: counts.get(status, 0) for status in DropshipStatus.values}


def list_manufacturer_orders(
    *, shop, dropship_status: str = "", merchant_shop_no: str = ""
) -> QuerySet[DropshipOrder]:
    """What a manufacturer sees: only the orders assigned to it (open or shipped)."""
    rows = (
        DropshipOrder.objects.for_manufacturer(shop)
        .select_related("order", "shop")
        .prefetch_related(_items())
    )
    if dropship_status in DropshipStatus.values:
        rows = rows.filter(dropship_status=dropship_status)
    if is_identifier(merchant_shop_no):
        rows = rows.filter(shop__shop_no=merchant_shop_no)
    return rows.order_by("-paid_at", "-id")  # newest work first, paged by keyset


def get_manufacturer_order(*, shop, order_sn) -> DropshipOrder:
    row = list_manufacturer_orders(shop=shop).filter(order__order_sn=order_sn).first()
    if row is None:
        raise Http404
    return row


def list_statements(*, shop) -> QuerySet[Statement]:
    return (
        Statement.objects.for_shop(shop)
        .select_related("binding__merchant_shop", "binding__manufacturer_shop")
        .order_by("-requested_at", "-id")
    )


def get_statement_for_shop(*, shop, statement_id) -> Statement:
    return get_object_for_shop(list_statements(shop=shop), shop=shop, pk=statement_id)


def get_statement_file(*, shop, statement_id, file_format: str):
    """The CSV (default) or XLSX file of a ready statement the shop may see, else 404."""
    statement = get_statement_for_shop(shop=shop, statement_id=statement_id)
    file = statement.xlsx_file if file_format == "xlsx" else statement.csv_file
    if statement.status != StatementStatus.READY or not file:
        raise Http404
    return file


def list_supply_prices(*, binding) -> dict[int, SupplyPrice]:
    return {price.sku_id: price for price in SupplyPrice.objects.filter(binding=binding)}


def list_printable_orders(*, shop, order_sns) -> QuerySet[DropshipOrder]:
    """The orders a manufacturer may see unmasked now: assigned to it and not yet shipped,
    under a binding that is still active. Unbinding (either side) or shipping ends it."""
    return list_manufacturer_orders(shop=shop).filter(
        order__order_sn__in=list(order_sns)[:2000],
        dropship_status__in=(DropshipStatus.ASSIGNED, DropshipStatus.TRACKING_RETURNED),
        binding__status=BindingStatus.ACTIVE,
    )


def get_manufacturer_dashboard(*, shop) -> dict:
    """A manufacturer's 首页: its work (to print and ship, tracking back but not yet shipped
    by the merchant, late), the merchants asking to bind it, and its latest statements."""
    assigned = DropshipOrder.objects.for_manufacturer(shop)
    counts = assigned.aggregate(
        to_ship=Count("id", filter=Q(dropship_status=DropshipStatus.ASSIGNED)),
        returned=Count("id", filter=Q(dropship_status=DropshipStatus.TRACKING_RETURNED)),
        late=Count(
            "id",
            filter=Q(
                dropship_status=DropshipStatus.ASSIGNED,
                order__ship_deadline__lt=timezone.now(),
            ),
        ),
        shipped_today=Count(
            "id",
            filter=Q(
                dropship_status=DropshipStatus.SHIPPED,
                shipped_at__gte=shanghai_day_start(timezone.localdate()),
            ),
        ),
    )
    return {
        **counts,
        "pending_bindings": list(
            list_bindings(shop=shop).filter(manufacturer_shop=shop, status=BindingStatus.PENDING)[
                :10
            ]
        ),
        "active_bindings": list_bindings(shop=shop)
        .filter(manufacturer_shop=shop, status=BindingStatus.ACTIVE)
        .count(),
        "statements": list(list_statements(shop=shop)[:5]),
    }
