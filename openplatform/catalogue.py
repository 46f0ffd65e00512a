"""The APIs the gateway answers: each one's success wrapper (not derived from its name:
§1.6), whether it needs a merchant's token (§1.10.4), what the consent page says it does,
and its documented rate limits (§1.9: per shop, and per app, as calls per seconds)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Api:
    name: str
    wrapper: str | None  # None: the fields at the top level (pdd.erp.order.sync)
    needs_token: bool
    purpose: Promise | None = None  # on the consent page (APIs that need a token)
    shop_limit: tuple[int, int] | None = None  # (calls, seconds)
    app_limit: tuple[int, int] | None = None


READ_ORDERS = _("Read your orders (consignee, items, amounts, logistics)")
SHIP_ORDERS = _("Ship orders and write order remarks")
READ_GOODS = _("Read your products and stock")
WRITE_GOODS = _("Change stock and put products on or off sale")
READ_REFUNDS = _("Read after-sales requests")
READ_SHOP = _("Read the shop's name and ID")

APIS = {
    api.name: api
    for api in (
        Api("pdd.time.get", "time_get_response", needs_token=False),
        Api("pdd.pop.auth.token.create", "pop_auth_token_create_response", needs_token=False),
        Api("pdd.pop.auth.token.refresh", "pop_auth_token_refresh_response", needs_token=False),
        Api("pdd.logistics.companies.get", "logistics_companies_get_response", False),
        Api("pdd.mall.info.get", "mall_info_get_response", True, READ_SHOP, (450, 1)),
        Api("pdd.order.list.get", "order_list_get_response", True, READ_ORDERS, (6000, 60)),
        Api(
            "pdd.order.number.list.increment.get",
            "order_sn_increment_get_response",
            True,
            READ_ORDERS,
            (3000, 60),
        ),
        Api("pdd.order.information.get", "order_info_get_response", True, READ_ORDERS, (30000, 60)),
        Api("pdd.order.status.get", "order_status_get_response", True, READ_ORDERS, (3000, 60)),
        Api("pdd.logistics.online.send", "logistics_online_send_response", True, SHIP_ORDERS),
        Api("pdd.order.note.update", "response", True, SHIP_ORDERS),
        Api("pdd.erp.order.sync", None, True, SHIP_ORDERS),
        Api("pdd.goods.list.get", "goods_list_get_response", True, READ_GOODS, (600, 60)),
        Api("pdd.goods.detail.get", "goods_detail_get_response", True, READ_GOODS, (3000, 60)),
        Api("pdd.goods.sale.status.set", "goods_sale_status_set_response", True, WRITE_GOODS),
        Api("pdd.goods.quantity.update", "goods_quantity_update_response", True, WRITE_GOODS),
        Api(
            "pdd.refund.list.increment.get",
            "refund_increment_get_response",
            True,
            READ_REFUNDS,
            (100, 10),
            (500, 1),
        ),
        Api("pdd.refund.information.get", None, True, READ_REFUNDS),
        # The message service: switching a shop's messages on, and what is on (§2.17).
        Api("pdd.pmc.user.permit", "pmc_user_permit_response", True, READ_ORDERS),
        Api("pdd.pmc.user.get", "pmc_user_get_response", True, READ_ORDERS),
    )
}


def default_scope() -> list[str]:
    """What a new app may call: every API of the gateway."""
    return sorted(APIS)


def purposes(scope) -> list[Promise]:
    """What an app with `scope` may do with a shop, for the consent page: one line each."""
    seen = []
    for name in sorted(scope):
        api = APIS.get(name)
        if api and api.purpose and api.purpose not in seen:
            seen.append(api.purpose)
    return seen
