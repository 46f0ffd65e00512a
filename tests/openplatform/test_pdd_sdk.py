"""The unmodified `pdd-sdk` 1.0.8 from PyPI against the real server: the token as `session`,
the common parameters in the query string, the business ones in a urlencoded body, Python
reprs for booleans (True), and a crash on any status but 200. An ISV registers with
`create_open_app`, the owner consents on the page, and the SDK does an ERP's day."""

import io
import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pdd_sdk
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pdd_sdk.api.base import DdkException, RestApi

from orders.models import ActorKind, OrderEventKind, OrderStatus
from orders.services import open_after_sale
from tests.factories.dropship import make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live]

REDIRECT_URI = "https://erp.example.com/pdd/callback"


class Sdk:
    """pdd-sdk's RestApi for any API type: the SDK sends an object's attributes as the
    business parameters, so each call is an instance of a subclass naming its type."""

    def __init__(self, live_server, client_id, secret):
        address = urlsplit(live_server.url)
        self.host, self.port = address.hostname, address.port
        self.app = pdd_sdk.appinfo(client_id, secret)

    def __call__(self, api: str, session=None, **params) -> dict:
        request_class = type("Call", (RestApi,), {"getapiname": lambda self: api})
        request = request_class(self.host, self.port)
        request.set_app_info(self.app)
        for name, value in params.items():
            setattr(request, name, value)
        return request.getResponse(authrize=session)


def test_an_erp_on_pdd_sdk_authorises_lists_ships_and_updates_stock(live_server):
    merchant = make_merchant()
    product = make_product(merchant.shop, stock=20, price="19.90")
    sku = product.skus.get()
    order = place(BuyerFactory(), sku, quantity=2)
    refunded = place(BuyerFactory(), sku)
    open_after_sale(order=refunded, buyer=refunded.buyer, reason="不想要了", amount="19.90")

    printed = io.StringIO()
    call_command(
        "create_open_app", "--name", "测试ERP", "--redirect-uri", REDIRECT_URI, stdout=printed
    )
    app = json.loads(printed.getvalue())
    assert set(app) == {"client_id", "client_secret"}

    owner = Client()
    owner.force_login(merchant.user)
    link = "/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": app["client_id"],
            "redirect_uri": REDIRECT_URI,
            "state": "xyz",
        }
    )
    consent = owner.get(link)
    assert consent.status_code == 200 and "测试ERP" in consent.content.decode()
    answer = owner.post(link, {"decision": "allow"})
    assert answer.status_code == 302
    back = urlsplit(answer["Location"])
    query = parse_qs(back.query)
    assert f"{back.scheme}://{back.netloc}{back.path}" == REDIRECT_URI
    assert query["state"] == ["xyz"]

    sdk = Sdk(live_server, app["client_id"], app["client_secret"])
    tokens = sdk("pdd.pop.auth.token.create", code=query["code"][0])[
        "pop_auth_token_create_response"
    ]
    session = tokens["access_token"]
    assert tokens["owner_id"] == str(merchant.shop.shop_no)

    mall = sdk("pdd.mall.info.get", session)["mall_info_get_response"]
    now = int(timezone.now().timestamp())
    listed = sdk(
        "pdd.order.list.get",
        session,
        start_confirm_at=now - 3600,
        end_confirm_at=now + 60,
        order_status=1,
        refund_status=1,
        page=1,
        page_size=100,
        use_has_next=True,
    )["order_list_get_response"]
    companies = sdk("pdd.logistics.companies.get")["logistics_companies_get_response"]
    sf = next(c["id"] for c in companies["logistics_companies"] if c["code"] == "SF")
    shipped = sdk(
        "pdd.logistics.online.send",
        session,
        order_sn=order.order_sn,
        logistics_id=sf,
        tracking_number="SF1234567890123",
    )
    stock = sdk(
        "pdd.goods.quantity.update",
        session,
        goods_id=product.goods_id,
        sku_id=sku.pk,
        quantity=50,
    )
    off_sale = sdk("pdd.goods.sale.status.set", session, goods_id=product.goods_id, is_onsale=0)
    info = sdk("pdd.order.information.get", session, order_sn=order.order_sn)
    refunds = sdk(
        "pdd.refund.list.increment.get",
        session,
        start_updated_at=now - 600,
        end_updated_at=now + 60,
        after_sales_status=1,
        after_sales_type=1,
    )["refund_increment_get_response"]

    assert mall["mall_name"] == merchant.shop.name
    assert [o["order_sn"] for o in listed["order_list"]] == [order.order_sn]  # no refunding one
    assert listed["has_next"] is False
    assert shipped == {"logistics_online_send_response": {"is_success": True}}
    assert stock == {"goods_quantity_update_response": {"is_success": True}}
    assert off_sale == {"goods_sale_status_set_response": {"is_success": True}}
    assert info["order_info_get_response"]["order_info"]["tracking_number"] == "SF1234567890123"
    assert [r["order_sn"] for r in refunds["refund_list"]] == [refunded.order_sn]
    assert refunds["refund_list"][0]["refund_amount"] == "19.90"
    order.refresh_from_db()
    sku.refresh_from_db()
    assert (order.status, sku.stock) == (OrderStatus.SHIPPED, 50)
    event = order.events.get(kind=OrderEventKind.SHIPPED)
    assert (event.actor_kind, event.params["app"]) == (ActorKind.APP, "测试ERP")

    with pytest.raises(DdkException):  # the SDK raises on error_response: a 200 it can read
        sdk("pdd.mall.info.get", "not-a-token")
