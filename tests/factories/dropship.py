from dropship import services
from dropship.models import DropshipRole
from merchant.models import Role
from merchant.services import add_return_address
from tests.factories.merchant import MembershipFactory

MERCHANT_IDENTITY = {
    "display_name": "多多优选",
    "sender_name": "张店长",
    "sender_phone": "13800138000",
    "address": "杭州市余杭区文一西路 969 号",
}
MANUFACTURER_IDENTITY = {
    "display_name": "义乌好货源",
    "sender_name": "陈厂长",
    "sender_phone": "13900139000",
    "address": "义乌市稠城街道",
}


def _choose(membership, role, identity):
    membership = membership or MembershipFactory(role=Role.OWNER)
    services.choose_identity(shop=membership.shop, role=role, **identity)
    return membership


def make_merchant(membership=None, **identity):
    """A shop on the merchant side (商家版); `identity` overrides the sender's details."""
    return _choose(membership, DropshipRole.MERCHANT, {**MERCHANT_IDENTITY, **identity})


def make_manufacturer(membership=None, **identity):
    """A shop on the manufacturer side (代发厂家); `identity` overrides its details."""
    return _choose(membership, DropshipRole.MANUFACTURER, {**MANUFACTURER_IDENTITY, **identity})


def bind(merchant, manufacturer):
    """An active binding, as the two sides make it (the sync runs inline here)."""
    binding = services.bind_manufacturer(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=manufacturer.shop.shop_no,
        requested_by=merchant.user,
    )
    binding = services.answer_binding(binding=binding, accept=True)
    services.sync_dropship_orders(binding=binding)
    binding.refresh_from_db()
    return binding


RETURN_ADDRESS = {
    "name": "退货仓",
    "phone": "13700137000",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "仓前街道 1 号",
}


def return_address(shop, **fields):
    """A return address of `shop`; `fields` override the example's."""
    return add_return_address(shop=shop, **{**RETURN_ADDRESS, **fields})


def ship_many(binding, count: int):
    """`count` orders of the binding's merchant shipped by its manufacturer, half today and
    half yesterday, one item each: written in bulk by the benchmark's own statements."""
    from django.utils import timezone

    from bench.generate import ship_through_manufacturer, write_orders
    from tests.factories.orders import BuyerFactory
    from tests.factories.products import make_product

    now = timezone.now()
    product = make_product(binding.merchant_shop, stock=count)
    buyer = BuyerFactory()
    write_orders(
        shop=binding.merchant_shop, buyer=buyer, product=product, count=count, series=9, now=now
    )
    ship_through_manufacturer(binding=binding, count=count, now=now)


def assign(merchant, maker, orders):
    """分配 the orders of `merchant` to the bound manufacturer `maker`."""
    services.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=[order.order_sn for order in orders],
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )


def todays_statement(merchant, maker):
    """A statement of today's shipments, requested (not yet built)."""
    from django.utils import timezone

    return services.request_statement(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        actor=merchant.user,
    )
