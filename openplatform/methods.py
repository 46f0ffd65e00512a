"""The gateway's APIs (../shared/PDD-OPEN-PLATFORM.md §2): each reads its parameters from the
call and answers the platform's fields, through the same services and selectors as the
console and the REST API, inside the token's shop only."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone, translation

from common.exceptions import ApplicationError
from common.identifiers import parse_identifier
from openplatform import push, render, services
from openplatform.catalogue import APIS
from openplatform.models import Grant, OpenApp
from openplatform.protocol import GatewayError
from orders import selectors as order_selectors
from orders import services as orders
from orders.models import AfterSale, AfterSaleStatus, Order, OrderItem, OrderStatus
from orders.services.timeline import acting_app
from products import services as products
from products.models import Product, ProductImage, ProductStatus, Sku

PAGE_SIZE_MAX = 100
ORDER_MONTHS = timedelta(days=90)  # "只能获取到成交时间三个月以内的交易信息"


@dataclass
class Call:
    params: dict[str, str]
    app: OpenApp
    grant: Grant | None = None

    @property
    def shop(self):
        return self.grant.shop

    def text(self, name: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.params.get(name, "")
        if required and value == "":
            raise GatewayError(10000, f"缺少参数{name}", sub_code="missing_parameter")
        if len(value) > max_length or any(ord(char) < 32 for char in value):
            raise GatewayError(10000, f"{name}不合法", sub_code="invalid_parameter")
        return value

    def integer(
        self, name: str, *, required=False, default=None, choices=None, low=None, high=None
    ):
        text = self.text(name, required=required, max_length=20)
        if text == "":
            return default
        negative = text.startswith("-")
        number = parse_identifier(text[1:] if negative else text)
        if number is not None and negative:
            number = -number
        if (
            number is None
            or (choices is not None and number not in choices)
            or (low is not None and number < low)
            or (high is not None and number > high)
        ):
            raise GatewayError(10000, f"{name}不合法", sub_code="invalid_parameter")
        return number

    def flag(self, name: str) -> bool:
        """A boolean as clients send it: true/false (Java, PHP), True/False (Python), 1/0."""
        text = self.text(name, max_length=5).lower()
        if text not in {"", "true", "false", "1", "0"}:
            raise GatewayError(10000, f"{name}不合法", sub_code="invalid_parameter")
        return text in {"true", "1"}

    def moment(self, name: str) -> datetime:
        """Unix seconds, as every time parameter of the protocol."""
        seconds = self.integer(name, required=True, low=0, high=32503680000)
        return datetime.fromtimestamp(seconds, tz=timezone.get_current_timezone())

    def window(self, start: str, end: str, longest: timedelta) -> tuple[datetime, datetime]:
        since, until = self.moment(start), self.moment(end)
        if until < since or until - since > longest:
            minutes = int(longest.total_seconds() // 60)
            raise GatewayError(
                10000, f"{end}须不早于{start}，且间隔不超过{minutes}分钟", sub_code="invalid_window"
            )
        return since, until

    def page(self) -> tuple[int, int]:
        page = self.integer("page", default=1, low=1, high=100_000)
        size = self.integer("page_size", default=PAGE_SIZE_MAX, low=1, high=PAGE_SIZE_MAX)
        return page, size

    def listing(self, found, key: str, render_row, *, has_next: bool = False) -> dict:
        """One page of `found` under `key`, with `total_count`; the order lists add
        `has_next`, and leave the count out when asked to (`use_has_next`, §2.2)."""
        page, size = self.page()
        start = (page - 1) * size
        rows = list(found[start : start + size + 1])
        answer = {key: [render_row(row) for row in rows[:size]]}
        if has_next:
            answer["has_next"] = len(rows) > size
            if self.flag("use_has_next"):
                return answer
        answer["total_count"] = found.count()
        return answer


METHODS = {}


def method(name: str):
    """Registers the function answering the API `name` of the catalogue."""
    if name not in APIS:
        raise LookupError(f"{name} is not in the catalogue")

    def register(function):
        METHODS[name] = function
        return function

    return register


def refused(error: ApplicationError) -> GatewayError:
    """A rule of the product refused the call: 10000, our code, the reason in Chinese."""
    with translation.override("zh-hans"):
        return GatewayError(10000, str(error.message), sub_code=error.code)


def not_found(what: str) -> GatewayError:
    return GatewayError(10000, f"{what}不存在", sub_code="not_found")


# --- support ------------------------------------------------------------------------------


@method("pdd.time.get")
def time_get(call: Call) -> dict:
    return {"time": render.time_text(timezone.now())}


@method("pdd.pop.auth.token.create")
def token_create(call: Call) -> dict:
    return services.exchange_code(app=call.app, code=call.text("code", required=True))


@method("pdd.pop.auth.token.refresh")
def token_refresh(call: Call) -> dict:
    token = call.text("refresh_token", required=True)
    return services.refresh_tokens(app=call.app, refresh_token=token)


@method("pdd.logistics.companies.get")
def logistics_companies(call: Call) -> dict:
    return {"logistics_companies": render.logistics_companies()}


@method("pdd.mall.info.get")
def mall_info(call: Call) -> dict:
    return render.mall(call.shop)


# --- orders -------------------------------------------------------------------------------


ORDER_STATUS_FILTERS = {
    1: Q(status__in=[OrderStatus.AWAITING_SHIPMENT, OrderStatus.CANCELLED]),
    2: Q(status=OrderStatus.SHIPPED),
    3: Q(status=OrderStatus.RECEIVED),
    5: Q(),
}
REFUND_STATUS_FILTERS = {
    1: Q(after_sale_status__in=[AfterSaleStatus.NONE, AfterSaleStatus.CLOSED]),
    2: Q(after_sale_status=AfterSaleStatus.IN_PROGRESS),
    3: Q(pk__in=[]),  # 退款中: a granted refund is paid at once here, never in between
    4: Q(after_sale_status=AfterSaleStatus.REFUNDED),
    5: Q(),
}


def _order_filters(call: Call) -> Q:
    order_status = call.integer("order_status", required=True, choices=ORDER_STATUS_FILTERS)
    refund_status = call.integer("refund_status", required=True, choices=REFUND_STATUS_FILTERS)
    trade_type = call.integer("trade_type", choices={0, 1})
    wanted = ORDER_STATUS_FILTERS[order_status] & REFUND_STATUS_FILTERS[refund_status]
    if trade_type == 1:  # 定金订单: the shop sells none
        wanted &= Q(pk__in=[])
    return wanted


def _order_page(call: Call, orders_found, list_key: str) -> dict:
    found = orders_found.prefetch_related(order_selectors.ITEMS)
    return call.listing(found, list_key, render.order, has_next=True)


def _recent(call: Call):
    return Order.objects.for_shop(call.shop).filter(paid_at__gte=timezone.now() - ORDER_MONTHS)


@method("pdd.order.list.get")
def order_list(call: Call) -> dict:
    since, until = call.window("start_confirm_at", "end_confirm_at", timedelta(hours=24))
    wanted = _order_filters(call)
    found = _recent(call).filter(wanted, paid_at__range=(since, until)).order_by("paid_at", "id")
    return _order_page(call, found, "order_list")


@method("pdd.order.number.list.increment.get")
def order_increment(call: Call) -> dict:
    since, until = call.window("start_updated_at", "end_updated_at", timedelta(minutes=30))
    lucky = call.integer("is_lucky_flag", required=True, choices={0, 1, 2})
    wanted = _order_filters(call) & (Q(pk__in=[]) if lucky == 2 else Q())  # no 抽奖 orders
    found = (
        _recent(call).filter(wanted, updated_at__range=(since, until)).order_by("updated_at", "id")
    )
    return _order_page(call, found, "order_sn_list")


def _order(call: Call) -> Order:
    order_sn = call.text("order_sn", required=True, max_length=30)
    try:
        return order_selectors.get_order_for_shop(shop=call.shop, order_sn=order_sn)
    except Http404 as error:
        raise not_found("订单") from error


@method("pdd.order.information.get")
def order_information(call: Call) -> dict:
    return {"order_info": render.order(_order(call))}


@method("pdd.order.status.get")
def order_status(call: Call) -> dict:
    order_sns = call.text("order_sns", required=True, max_length=3000).split(",")
    if len(order_sns) > 100:
        raise GatewayError(10000, "order_sns最多100个", sub_code="invalid_parameter")
    found = Order.objects.for_shop(call.shop).filter(order_sn__in=order_sns).order_by("id")
    return {"order_status_list": [render.order_status(order) for order in found]}


def _carrier(call: Call, name: str = "logistics_id") -> str:
    carrier = render.carrier_for_logistics_id(call.integer(name, required=True, low=0))
    if carrier is None:
        raise GatewayError(10000, "快递公司不支持", sub_code="unknown_logistics_id")
    return carrier


@method("pdd.logistics.online.send")
def logistics_online_send(call: Call) -> dict:
    order = _order(call)
    carrier = _carrier(call)
    tracking_no = call.text("tracking_number", required=True, max_length=40)
    # redelivery_type 2: 修改发货, the shipped order's carrier and number corrected (once).
    redelivery = call.integer("redelivery_type", choices={1, 2})
    send = orders.modify_shipment if redelivery == 2 else orders.ship_order
    send(order=order, carrier=carrier, tracking_no=tracking_no, actor=call.grant.granted_by)
    return {"is_success": True}


REMARK_TAGS = {number: flag for flag, number in render.REMARK_TAG.items()}  # 1 红 … 5 紫


@method("pdd.order.note.update")
def order_note_update(call: Call) -> dict:
    order = _order(call)
    note = call.text("note", required=True, max_length=1000)
    tag = call.integer("tag", choices=REMARK_TAGS)
    tag_name = call.text("tag_name", max_length=3)
    if (tag is None) != (tag_name == ""):
        raise GatewayError(10000, "tag与tag_name须同时传或同时不传", sub_code="invalid_parameter")
    flag = order.remark_flag if tag is None else REMARK_TAGS[tag]
    orders.set_remark(order=order, remark=note, remark_flag=flag, actor=call.grant.granted_by)
    return {"success": True}


@method("pdd.erp.order.sync")
def erp_order_sync(call: Call) -> dict:
    order = _order(call)
    call.integer("order_state", required=True, choices={1})
    carrier = _carrier(call)
    waybill_no = call.text("waybill_no", required=True, max_length=40)
    orders.record_waybill_printed(
        order=order, carrier=carrier, tracking_no=waybill_no, actor=call.grant.granted_by
    )
    return {"success": True, "error_code": 1000000, "error_msg": None, "result": True}


# --- goods --------------------------------------------------------------------------------


def _products(call: Call):
    return Product.objects.for_shop(call.shop).prefetch_related(
        Prefetch("skus", queryset=Sku.objects.order_by("id")),
        Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "id")),
    )


def _product(call: Call) -> Product:
    goods_id = call.integer("goods_id", required=True, low=0)
    found = _products(call).filter(goods_id=goods_id).first()
    if found is None:
        raise not_found("商品")
    return found


@method("pdd.goods.list.get")
def goods_list(call: Call) -> dict:
    found = _products(call)
    is_onsale = call.integer("is_onsale", choices={0, 1})
    outer_id = call.text("outer_id", max_length=40)
    goods_name = call.text("goods_name", max_length=60)
    if is_onsale is not None:  # 三选一: is_onsale > outer_id > goods_name
        status = ProductStatus.ON_SALE if is_onsale else ProductStatus.OFF_SALE
        found = found.filter(status=status)
    elif outer_id:
        found = found.filter(skus__sku_code=outer_id).distinct()
    elif goods_name:
        found = found.filter(title__icontains=goods_name)
    if call.params.get("created_at_from") or call.params.get("created_at_end"):
        since, until = call.window("created_at_from", "created_at_end", timedelta(days=7))
        found = found.filter(created_at__range=(since, until))
    return call.listing(found.order_by("-created_at", "-id"), "goods_list", render.goods)


@method("pdd.goods.detail.get")
def goods_detail(call: Call) -> dict:
    return render.goods_detail(_product(call))


@method("pdd.goods.sale.status.set")
def goods_sale_status_set(call: Call) -> dict:
    product = _product(call)
    on_sale = call.integer("is_onsale", required=True, choices={0, 1})
    if on_sale:
        products.put_on_sale(product=product)
    else:
        products.take_off_sale(product=product)
    return {"is_success": True}


@method("pdd.goods.quantity.update")
def goods_quantity_update(call: Call) -> dict:
    product = _product(call)
    quantity = call.integer("quantity", required=True, low=-10_000_000, high=10_000_000)
    sku_id = call.integer("sku_id", low=0)
    outer_id = call.text("outer_id", max_length=40)
    incremental = call.integer("update_type", default=1, choices={1, 2}) == 2
    skus = list(product.skus.all())
    if sku_id is not None:
        skus = [sku for sku in skus if sku.pk == sku_id]
    elif outer_id:
        skus = [sku for sku in skus if sku.sku_code == outer_id]
    else:
        raise GatewayError(10000, "sku_id与outer_id须传其一", sub_code="missing_parameter")
    if len(skus) != 1:
        raise not_found("SKU")
    products.update_stock(sku=skus[0], quantity=quantity, incremental=incremental)
    return {"is_success": True}


# --- after-sales --------------------------------------------------------------------------


def _after_sales_status_filter(code: int) -> Q:
    """after_sales_status as a filter: 1 is the legacy "全部"; a number we never give
    matches nothing."""
    if code == 1:
        return Q()
    wanted = Q(pk__in=[])
    for stage, kind in render.stage_pairs(code):
        wanted |= Q(stage=stage, kind=kind) if kind else Q(stage=stage)
    return wanted


# after_sales_type of the refund list's query: 1 全部, 2 仅退款, 3 退货退款, 4 换货, 5 补寄,
# 6 维修 (not sold here).
AFTER_SALES_TYPE_FILTERS = {
    1: Q(),
    **{number + 1: Q(kind=kind) for kind, number in render.AFTER_SALES_TYPE.items()},
    6: Q(pk__in=[]),
}


# The items of each after-sale's order, as `order.item_list` (what render reads).
ITEMS_OF_ORDER = Prefetch(
    "order__items", queryset=OrderItem.objects.order_by("id"), to_attr="item_list"
)


def _after_sales(call: Call):
    return AfterSale.objects.filter(shop=call.shop).select_related("order")


@method("pdd.refund.list.increment.get")
def refund_increment(call: Call) -> dict:
    since, until = call.window("start_updated_at", "end_updated_at", timedelta(minutes=30))
    status = call.integer("after_sales_status", required=True, low=0, high=40)
    kind = call.integer("after_sales_type", required=True, choices={1, 2, 3, 4, 5, 6})
    order_sn = call.text("order_sn", max_length=30)
    found = _after_sales(call)
    if order_sn:
        found = found.filter(order__order_sn=order_sn)
    else:
        found = found.filter(
            _after_sales_status_filter(status),
            AFTER_SALES_TYPE_FILTERS[kind],
            updated_at__range=(since, until),
        )
    found = found.prefetch_related(ITEMS_OF_ORDER).order_by("created_at", "id")
    return call.listing(found, "refund_list", render.refund)


@method("pdd.refund.information.get")
def refund_information(call: Call) -> dict:
    found = _after_sales(call).filter(order__order_sn=call.text("order_sn", required=True))
    after_sales_id = call.integer("after_sales_id", low=0)
    if after_sales_id is not None:
        found = found.filter(pk=after_sales_id)
    after_sale = found.prefetch_related(ITEMS_OF_ORDER).order_by("-id").first()
    if after_sale is None:
        raise not_found("售后单")
    return render.refund_detail(after_sale)


# --- message service ----------------------------------------------------------------------


@method("pdd.pmc.user.permit")
def pmc_user_permit(call: Call) -> dict:
    """Messages are on for every authorised shop from its consent on: nothing to switch."""
    call.text("topics", max_length=2000)
    return {"is_success": True}


@method("pdd.pmc.user.get")
def pmc_user_get(call: Call) -> dict:
    grant = call.grant
    return {
        "pmc_user": {
            "owner_id": str(call.shop.shop_no),
            "created": render.time_text(grant.created_at),
            "modified": render.time_text(grant.created_at),
            "is_expire": 0,
            "topics": list(push.TOPICS),
        }
    }


def answer(call: Call, name: str) -> dict:
    """The API's payload (not yet wrapped). What an app does on a shop's orders is on their
    timelines as the app's; a rule of the product that refuses it answers 10000."""
    try:
        with acting_app(call.app.name):
            return METHODS[name](call)
    except ApplicationError as error:
        raise refused(error) from error
