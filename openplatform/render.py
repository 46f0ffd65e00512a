"""Our objects in the open platform's fields and enums (../shared/PDD-OPEN-PLATFORM.md §2.0):
order times as "yyyy-MM-dd HH:mm:ss" in China time ("" when not applicable), order amounts
in yuan as JSON numbers (Decimal, written exactly), goods prices in fen, ids as numbers."""

from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from orders.carriers import CARRIERS
from orders.models import (
    AfterSaleKind,
    AfterSaleStage,
    AfterSaleStatus,
    Order,
    OrderStatus,
    RemarkFlag,
)
from products.models import ProductStatus

# Pinduoduo's own express-company ids (§2.0, from a real logistics_companies_get_response).
# J&T (极兔) is not in that sample: 384 is our choice, to be checked against the live list.
LOGISTICS_IDS = {"STO": 1, "SF": 44, "YTO": 85, "ZTO": 115, "EMS": 118, "JD": 120, "YUNDA": 121}
LOGISTICS_IDS["JTSD"] = 384
CARRIER_BY_LOGISTICS_ID = {number: code for code, number in LOGISTICS_IDS.items()}

ORDER_STATUS = {
    OrderStatus.AWAITING_SHIPMENT: 1,
    OrderStatus.CANCELLED: 1,  # cancelled before shipping: refund_status 4 says so
    OrderStatus.SHIPPED: 2,
    OrderStatus.RECEIVED: 3,
}
REFUND_STATUS = {
    AfterSaleStatus.NONE: 1,
    AfterSaleStatus.CLOSED: 1,
    AfterSaleStatus.IN_PROGRESS: 2,
    AfterSaleStatus.REFUNDED: 4,
}
# after_sales_status: 0 无售后, 2 待商家处理, 6 驳回退款 (the merchant refused), 10 退款成功.
AFTER_SALES_STATUS = {
    AfterSaleStatus.NONE: 0,
    AfterSaleStatus.IN_PROGRESS: 2,
    AfterSaleStatus.CLOSED: 6,
    AfterSaleStatus.REFUNDED: 10,
}
# An after-sale's own after_sales_status, by its stage (and kind where the platform tells
# kinds apart): 2 买家申请退款待商家处理, 3 退货退款待商家处理, 6 驳回退款, 7 已同意退货退款待用户
# 发货, 8 平台处理中, 9 平台拒绝退款, 10 退款成功, 11 买家撤销, 12 买家逾期未处理, 14 换货补寄待商家
# 处理, 15 换货补寄待用户处理, 16 换货补寄成功. Ours has no 待商家收货: the parcel on its way
# back is the merchant's to handle (3, or 14 for an exchange).
_AWAITING_MERCHANT = {
    AfterSaleKind.REFUND_ONLY: 2,
    AfterSaleKind.RETURN_AND_REFUND: 3,
    AfterSaleKind.EXCHANGE: 14,
    AfterSaleKind.RESEND: 14,
}
STAGE_STATUS = {
    AfterSaleStage.AWAITING_MERCHANT: _AWAITING_MERCHANT,
    AfterSaleStage.AWAITING_RETURN: {
        AfterSaleKind.RETURN_AND_REFUND: 7,
        AfterSaleKind.EXCHANGE: 15,
    },
    AfterSaleStage.AWAITING_RECEIPT: {
        AfterSaleKind.RETURN_AND_REFUND: 3,
        AfterSaleKind.EXCHANGE: 14,
    },
    AfterSaleStage.PLATFORM_REVIEW: 8,
    AfterSaleStage.REFUNDED: 10,
    AfterSaleStage.COMPLETED: 16,
    AfterSaleStage.REFUSED: 6,
    AfterSaleStage.PLATFORM_REFUSED: 9,
    AfterSaleStage.WITHDRAWN: 11,
    AfterSaleStage.EXPIRED: 12,
}
# after_sales_type as refund.information.get numbers it; the refund list's query counts
# from 2 (1 is "all").
AFTER_SALES_TYPE = {
    AfterSaleKind.REFUND_ONLY: 1,
    AfterSaleKind.RETURN_AND_REFUND: 2,
    AfterSaleKind.EXCHANGE: 3,
    AfterSaleKind.RESEND: 4,
}


def after_sales_status(after_sale) -> int:
    code = STAGE_STATUS[after_sale.stage]
    return code if isinstance(code, int) else code[after_sale.kind]


def stage_pairs(code: int) -> list[tuple[str, str | None]]:
    """The (stage, kind) pairs an after_sales_status number stands for (kind None: any)."""
    pairs = []
    for stage, value in STAGE_STATUS.items():
        if isinstance(value, int):
            pairs += [(stage, None)] if value == code else []
        else:
            pairs += [(stage, kind) for kind, number in value.items() if number == code]
    return pairs


REMARK_TAG = {flag: number for number, flag in enumerate(RemarkFlag.values) if flag}


CHINA = ZoneInfo(settings.TIME_ZONE)  # Asia/Shanghai: the platform's times are China time


def time_text(moment) -> str:
    if moment is None:
        return ""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S")


def fen(amount: Decimal) -> int:
    return int(amount * 100)


def carrier_text(code: str) -> str:
    """A carrier's name as the platform writes it (Chinese); "" for none."""
    if not code:
        return ""
    with translation.override("zh-hans"):
        return str(CARRIERS[code].name) if code in CARRIERS else code


def carrier_for_logistics_id(number: int) -> str | None:
    return CARRIER_BY_LOGISTICS_ID.get(number)


def logistics_companies() -> list[dict]:
    with translation.override("zh-hans"):
        return [
            {
                "id": LOGISTICS_IDS[code],
                "logistics_company": str(carrier.name),
                "code": code,
                "available": 1,
            }
            for code, carrier in CARRIERS.items()
        ]


def mall(shop) -> dict:
    return {
        "mall_id": shop.shop_no,
        "mall_name": shop.name,
        "mall_desc": "",
        "logo": "",
        "merchant_type": 6,  # 普通店
        "mall_character": 2,  # 都不是 (neither manufacturer nor distributor)
    }


def _item(item) -> dict:
    return {
        "goods_id": item.goods_id,
        "sku_id": item.sku_id,
        "goods_name": item.title,
        "goods_spec": item.spec,
        "goods_img": "",
        "outer_id": "",
        "outer_goods_id": "",
        "goods_price": item.price,
        "goods_count": item.quantity,
    }


def order(order: Order) -> dict:
    """The order object of the order APIs (§2.2), for an order with `item_list` loaded.
    The consignee is given in plain text (the platform's are ciphertext, §2.0 PII): the
    merchant's own gateway, for the merchant's own software."""
    cancelled = order.status == OrderStatus.CANCELLED
    return {
        "order_sn": order.order_sn,
        "order_status": ORDER_STATUS[order.status],
        "refund_status": REFUND_STATUS[order.after_sale_status],
        "after_sales_status": AFTER_SALES_STATUS[order.after_sale_status],
        "confirm_status": 2 if cancelled else 1,
        "confirm_time": time_text(order.paid_at),
        "created_time": time_text(order.created_at),
        "pay_time": time_text(order.paid_at),
        "updated_at": time_text(order.updated_at),
        "shipping_time": time_text(order.shipped_at),
        "receive_time": time_text(order.received_at),
        "last_ship_time": time_text(order.ship_deadline),
        "trade_type": 0,
        "is_lucky_flag": 1,
        "is_pre_sale": 0,
        "group_status": 1,
        "pay_amount": order.pay_amount,
        "goods_amount": order.goods_amount,
        "discount_amount": order.discount_amount,
        "seller_discount": order.discount_amount,
        "platform_discount": Decimal("0.00"),
        "postage": order.shipping_amount,
        "country": "中国",
        "province": order.province,
        "city": order.city,
        "town": order.district,
        "address": order.address,
        "receiver_name": order.consignee_name,
        "receiver_phone": order.consignee_phone,
        "receiver_address": f"{order.province}{order.city}{order.district}{order.address}",
        "logistics_id": LOGISTICS_IDS.get(order.carrier, 0),
        "tracking_number": order.tracking_no,
        "item_list": [_item(item) for item in order.item_list],
        "remark": order.remark,
        "remark_tag": REMARK_TAG.get(order.remark_flag, 0),
        "buyer_memo": order.buyer_note,
        "risk_control_status": 1 if order.is_under_review else 0,
        "stock_out_handle_status": -1,
        "is_stock_out": 0,
        "invoice_status": 0,
    }


def order_status(order: Order) -> dict:
    """pdd.order.status.get's item, with its camelCase `orderSn` (§2.5)."""
    return {
        "orderSn": order.order_sn,
        "order_status": ORDER_STATUS[order.status],
        "refund_status": REFUND_STATUS[order.after_sale_status],
    }


def _stock(product) -> int:
    return sum(sku.stock for sku in product.skus.all())


def _main_image(product) -> str:
    images = list(product.images.all())
    return images[0].image.url if images else ""


def goods(product) -> dict:
    """An item of pdd.goods.list.get (§2.8)."""
    skus = list(product.skus.all())
    image = _main_image(product)
    on_sale = 1 if product.status == ProductStatus.ON_SALE else 0
    return {
        "goods_id": product.goods_id,
        "goods_name": product.title,
        "image_url": image,
        "thumb_url": image,
        "goods_quantity": _stock(product),
        "goods_reserve_quantity": 0,
        "is_more_sku": 1 if len(skus) > 1 else 0,
        "is_onsale": on_sale,
        "created_at": int(product.created_at.timestamp()),
        "sku_list": [
            {
                "sku_id": sku.pk,
                "spec": sku.spec,
                "sku_quantity": sku.stock,
                "reserve_quantity": 0,
                "outer_id": sku.sku_code,
                "outer_goods_id": "",
                "is_sku_onsale": on_sale,
                "spec_details": [{"parent_name": "规格", "spec_name": sku.spec}],
            }
            for sku in skus
        ],
    }


def goods_detail(product) -> dict:
    """pdd.goods.detail.get (§2.9): the fields this product has; prices in fen."""
    skus = list(product.skus.all())
    on_sale = product.status == ProductStatus.ON_SALE
    status = (3 if _stock(product) == 0 else 1) if on_sale else 2
    images = [image.image.url for image in product.images.all()]
    return {
        "goods_id": product.goods_id,
        "goods_name": product.title,
        "goods_desc": product.description,
        "cat_id": product.category_id or 0,
        "goods_type": 1,
        "status": status,
        "image_url": images[0] if images else "",
        "carousel_gallery_list": images,
        "detail_gallery_list": [],
        "market_price": max((fen(sku.single_price) for sku in skus), default=0),
        "outer_goods_id": "",
        "is_refundable": 1,
        "delivery_type": 1,
        "sku_list": [
            {
                "sku_id": sku.pk,
                "price": fen(sku.single_price),
                "multi_price": fen(sku.price),
                "quantity": sku.stock,
                "reserve_quantity": 0,
                "limit_quantity": 0,
                "is_onsale": 1 if on_sale else 0,
                "out_sku_sn": sku.sku_code,
                "spec": [{"parent_name": "规格", "spec_name": sku.spec}],
            }
            for sku in skus
        ],
    }


def _first_item(after_sale):
    items = after_sale.order.item_list
    return items[0] if items else None


def refund(after_sale) -> dict:
    """An item of pdd.refund.list.increment.get (§2.12): amounts in yuan as strings."""
    order, item = after_sale.order, _first_item(after_sale)
    return {
        "id": after_sale.pk,
        "order_sn": order.order_sn,
        "after_sales_status": after_sales_status(after_sale),
        # the query's numbering, as the docs' example (3 退货退款 with a return's number)
        "after_sales_type": AFTER_SALES_TYPE[after_sale.kind] + 1,
        "after_sale_reason": after_sale.reason,
        "confirm_time": time_text(order.paid_at),
        "created_time": time_text(after_sale.created_at),
        "updated_time": time_text(after_sale.updated_at),
        "order_amount": str(order.pay_amount),
        "refund_amount": str(after_sale.amount),
        "discount_amount": str(order.discount_amount),
        "goods_price": str(item.price) if item else "0.00",
        "goods_number": str(item.quantity) if item else "0",
        "goods_id": item.goods_id if item else 0,
        "sku_id": str(item.sku_id) if item else "",
        "goods_name": item.title if item else "",
        "good_image": "",
        "outer_id": "",
        "outer_goods_id": "",
        "tracking_number": after_sale.return_tracking_no,
        "shipping_name": carrier_text(after_sale.return_carrier),
        "dispute_refund_status": 1 if after_sale.appealed_at else 0,
        "speed_refund_flag": 0,
        "user_shipping_status": "1" if after_sale.return_shipped_at else "0",
        "refund_operator_role": 1,
    }


def refund_detail(after_sale) -> dict:
    """pdd.refund.information.get (§2.13, no wrapper): amounts in fen (the docs give no
    unit; fen is the likely one), times in unix seconds."""
    order, item = after_sale.order, _first_item(after_sale)
    return {
        "id": after_sale.pk,
        "order_sn": order.order_sn,
        "after_sales_type": AFTER_SALES_TYPE[after_sale.kind],  # this API's numbering
        "after_sales_status": after_sales_status(after_sale),
        "after_sales_reason": after_sale.reason,
        "remark": after_sale.reason,
        "images": [],
        "refund_amount": fen(after_sale.amount),
        "order_amount": fen(order.pay_amount),
        "goods_price": fen(item.price) if item else 0,
        "discount_amount": fen(order.discount_amount),
        "goods_number": item.quantity if item else 0,
        "sku_id": str(item.sku_id) if item else "",
        "confirm_time": int(order.paid_at.timestamp()),
        "updated_time": time_text(after_sale.updated_at),
        "shipping_status": 1 if order.shipped_at else 0,
        "express_no": after_sale.return_tracking_no,
        "shipping_name": carrier_text(after_sale.return_carrier),
        "join_or_not": "0",
        "dispute_refund_status": 1 if after_sale.appealed_at else 0,
        "speed_refund_flag": 0,
        "refund_operator_role": 1,
    }
