"""/api/router as the official Java SDK speaks it (a JSON body, every value a string), and
every protocol error the issue names, provoked: always HTTP 200, never another shop's
data, and a refused call changes nothing."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from openplatform.models import Grant
from openplatform.protocol import sign
from orders.models import ActorKind, OrderEventKind, OrderStatus
from products.models import Sku
from tests.factories.dropship import make_merchant
from tests.factories.openplatform import authorise, grant_of, make_app, signed
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def post_json(params: dict) -> dict:
    response = Client().post("/api/router", json.dumps(params), content_type="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=UTF-8"
    return response.json()


def error_of(body: dict) -> tuple[int, str]:
    error = body["error_response"]
    assert isinstance(error["error_code"], int)
    assert isinstance(error["error_msg"], str) and error["request_id"]
    assert error["sub_code"] is None or isinstance(error["sub_code"], str)
    return error["error_code"], error["error_msg"]


@pytest.fixture
def merchant():
    return make_merchant()


@pytest.fixture
def app():
    return make_app()


@pytest.fixture
def tokens(app, merchant):
    return authorise(app, merchant.shop.memberships.get())


@pytest.fixture
def order(merchant):
    product = make_product(merchant.shop, stock=10, price="19.90")
    return place(BuyerFactory(), product.skus.get(), quantity=2)


def call(app, api, tokens=None, **params):
    if tokens:
        params["access_token"] = tokens["access_token"]
    return post_json(signed(app, api, **params))


def test_the_documented_signature_test_vector():
    params = {
        "access_token": "88888888",
        "client_id": "abcdefg",
        "data_type": "JSON",
        "page": "1",
        "page_size": "10",
        "timestamp": "1723190100",
        "type": "pdd.ddk.cashgift.data.query",
        "version": "V1",
    }
    assert sign("1234567890", params) == "E14A6BABEE1AF71A4B3050BBA7680D18"


def test_the_token_answers_the_platforms_fields(app, merchant, tokens):
    assert tokens["owner_id"] == str(merchant.shop.shop_no)
    assert tokens["owner_name"] == merchant.shop.name
    assert tokens["expires_in"] == 24 * 3600
    assert tokens["expires_at"] > timezone.now().timestamp()
    assert tokens["refresh_token_expires_at"] > tokens["expires_at"]
    assert "pdd.order.list.get" in tokens["scope"]


def test_an_order_reads_as_the_platform_writes_it(app, tokens, order):
    body = call(app, "pdd.order.information.get", tokens, order_sn=order.order_sn)

    info = body["order_info_get_response"]["order_info"]
    assert info["order_sn"] == order.order_sn
    assert (info["order_status"], info["refund_status"], info["after_sales_status"]) == (1, 1, 0)
    assert info["pay_amount"] == 39.8 and Decimal(str(info["goods_amount"])) == order.goods_amount
    assert info["confirm_time"] == timezone.localtime(order.paid_at).strftime("%Y-%m-%d %H:%M:%S")
    assert info["shipping_time"] == "" and info["receiver_name"] == "张三"
    assert info["item_list"][0]["goods_count"] == 2


def test_shipping_through_the_gateway_is_on_the_timeline_as_the_app(app, tokens, order):
    body = call(
        app,
        "pdd.logistics.online.send",
        tokens,
        order_sn=order.order_sn,
        logistics_id=44,
        tracking_number="SF1234567890123",
    )

    assert body == {"logistics_online_send_response": {"is_success": True}}
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_no) == (
        OrderStatus.SHIPPED,
        "SF",
        "SF1234567890123",
    )
    event = order.events.get(kind=OrderEventKind.SHIPPED)
    assert (event.actor_kind, event.params["app"]) == (ActorKind.APP, app.name)
    status = call(app, "pdd.order.status.get", tokens, order_sns=order.order_sn)
    assert status["order_status_get_response"]["order_status_list"] == [
        {"orderSn": order.order_sn, "order_status": 2, "refund_status": 1}
    ]


def test_a_tracking_number_of_the_wrong_format_is_refused_and_changes_nothing(app, tokens, order):
    body = call(
        app,
        "pdd.logistics.online.send",
        tokens,
        order_sn=order.order_sn,
        logistics_id=44,
        tracking_number="123",
    )

    assert error_of(body)[0] == 10000
    assert body["error_response"]["sub_code"] == "invalid_tracking_no"
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_SHIPMENT and not order.events.filter(
        kind=OrderEventKind.SHIPPED
    )


def test_the_list_and_increment_apis_page_the_window(app, tokens, merchant):
    sku = make_product(merchant.shop, stock=50).skus.get()
    placed = [place(BuyerFactory(), sku) for _ in range(3)]
    now = int(timezone.now().timestamp())
    window = {"order_status": 5, "refund_status": 5, "page_size": 2}

    first = call(
        app,
        "pdd.order.list.get",
        tokens,
        start_confirm_at=now - 3600,
        end_confirm_at=now + 60,
        page=1,
        **window,
    )["order_list_get_response"]
    second = call(
        app,
        "pdd.order.number.list.increment.get",
        tokens,
        start_updated_at=now - 600,
        end_updated_at=now + 60,
        is_lucky_flag=0,
        page=2,
        use_has_next="true",
        **window,
    )["order_sn_increment_get_response"]

    assert first["total_count"] == 3 and first["has_next"] is True
    assert [o["order_sn"] for o in first["order_list"]] == [o.order_sn for o in placed[:2]]
    assert "total_count" not in second and second["has_next"] is False
    assert [o["order_sn"] for o in second["order_sn_list"]] == [placed[2].order_sn]


def test_a_window_longer_than_the_protocol_allows_is_refused(app, tokens):
    now = int(timezone.now().timestamp())
    body = call(
        app,
        "pdd.order.number.list.increment.get",
        tokens,
        start_updated_at=now - 3600,
        end_updated_at=now,
        is_lucky_flag=0,
        order_status=5,
        refund_status=5,
    )
    assert error_of(body)[0] == 10000


def test_stock_and_sale_status_through_the_gateway(app, tokens, merchant):
    product = make_product(merchant.shop, stock=5)
    sku = product.skus.get()

    full = call(
        app,
        "pdd.goods.quantity.update",
        tokens,
        goods_id=product.goods_id,
        sku_id=sku.pk,
        quantity=8,
    )
    below = call(
        app,
        "pdd.goods.quantity.update",
        tokens,
        goods_id=product.goods_id,
        sku_id=sku.pk,
        quantity=-9,
        update_type=2,
    )
    off = call(app, "pdd.goods.sale.status.set", tokens, goods_id=product.goods_id, is_onsale=0)
    detail = call(app, "pdd.goods.detail.get", tokens, goods_id=product.goods_id)

    assert full == {"goods_quantity_update_response": {"is_success": True}}
    assert error_of(below)[0] == 10000 and below["error_response"]["sub_code"] == (
        "stock_out_of_range"
    )
    assert Sku.objects.get(pk=sku.pk).stock == 8
    assert off == {"goods_sale_status_set_response": {"is_success": True}}
    goods = detail["goods_detail_get_response"]
    assert (goods["status"], goods["sku_list"][0]["quantity"]) == (2, 8)
    assert goods["sku_list"][0]["multi_price"] == 1990  # fen


def test_a_token_never_reaches_another_shops_data(app, tokens):
    other = make_merchant()
    their_product = make_product(other.shop, stock=3)
    their_order = place(BuyerFactory(), their_product.skus.get())

    reads = [
        call(app, "pdd.order.information.get", tokens, order_sn=their_order.order_sn),
        call(app, "pdd.goods.detail.get", tokens, goods_id=their_product.goods_id),
        call(
            app,
            "pdd.goods.quantity.update",
            tokens,
            goods_id=their_product.goods_id,
            sku_id=their_product.skus.get().pk,
            quantity=0,
        ),
        call(
            app,
            "pdd.logistics.online.send",
            tokens,
            order_sn=their_order.order_sn,
            logistics_id=44,
            tracking_number="SF1234567890123",
        ),
    ]
    statuses = call(app, "pdd.order.status.get", tokens, order_sns=their_order.order_sn)

    assert [error_of(body)[0] for body in reads] == [10000] * 4
    assert statuses["order_status_get_response"]["order_status_list"] == []
    their_order.refresh_from_db()
    assert their_order.status == OrderStatus.AWAITING_SHIPMENT
    assert their_product.skus.get().stock == 2  # 3 less the one ordered


def test_every_protocol_error(app, tokens, merchant, settings):
    good = signed(app, "pdd.mall.info.get", access_token=tokens["access_token"])
    assert post_json(good)["mall_info_get_response"]["mall_id"] == merchant.shop.shop_no

    def without(name):
        return {key: value for key, value in good.items() if key != name}

    expired = make_app(name="过期")
    expired_tokens = authorise(expired, merchant.shop.memberships.get())
    Grant.objects.filter(app=expired).update(access_expires_at=timezone.now())
    narrow = make_app(name="只读时间", scope=["pdd.time.get"])
    narrow_tokens = authorise(narrow, merchant.shop.memberships.get())
    settings.OPEN_RATE_LIMITS = {"pdd.time.get": (1, 60)}
    call(app, "pdd.time.get")

    cases = {
        "bad sign": (post_json({**good, "sign": "0" * 32}), 20004),
        "no type": (post_json(without("type")), 10001),
        "old timestamp": (
            post_json(signed(app, "pdd.mall.info.get", timestamp="1700000000")),
            10001,
        ),
        "unknown client": (post_json({**good, "client_id": "nobody"}), 10016),
        "unknown type": (call(app, "pdd.no.such.api", tokens), 10017),
        "expired token": (call(expired, "pdd.mall.info.get", expired_tokens), 10019),
        "out of scope": (call(narrow, "pdd.mall.info.get", narrow_tokens), 20031),
        "another app's token": (call(expired, "pdd.mall.info.get", tokens), 20032),
        "bad business parameter": (
            call(app, "pdd.order.information.get", tokens, order_sn=""),
            10000,
        ),
        "rate limit": (call(app, "pdd.time.get"), 52101),
    }

    answered = {name: error_of(body)[0] for name, (body, _code) in cases.items()}
    assert answered == {name: code for name, (_body, code) in cases.items()}
    assert error_of(cases["expired token"][0])[1] == "access_token已过期"
    assert error_of(cases["no type"][0])[1] == "公共参数错误:type"


def test_a_shop_over_its_limit_is_told_to_slow_down(app, tokens, settings):
    settings.OPEN_RATE_LIMITS = {"pdd.mall.info.get": (2, 60)}
    answers = [call(app, "pdd.mall.info.get", tokens) for _ in range(3)]
    assert "mall_info_get_response" in answers[1]
    assert error_of(answers[2])[0] == 70031


def test_a_code_works_once_and_a_refresh_ends_the_old_token(app, merchant):
    from openplatform import services

    code = services.grant_code(
        app=app, membership=merchant.shop.memberships.get(), redirect_uri=app.redirect_uri
    )
    first = call(app, "pdd.pop.auth.token.create", code=code)["pop_auth_token_create_response"]
    again = call(app, "pdd.pop.auth.token.create", code=code)
    refreshed = call(app, "pdd.pop.auth.token.refresh", refresh_token=first["refresh_token"])[
        "pop_auth_token_refresh_response"
    ]

    assert error_of(again)[0] == 10000
    assert error_of(call(app, "pdd.mall.info.get", first))[0] == 20032
    assert "mall_info_get_response" in call(app, "pdd.mall.info.get", refreshed)


def test_query_string_form_and_multipart_bodies_are_read_alike(app, tokens):
    params = signed(app, "pdd.mall.info.get", access_token=tokens["access_token"])
    client = Client()
    query = "&".join(f"{key}={value}" for key, value in params.items())

    answers = [
        client.get("/api/router", params),
        client.post(f"/api/router?{query}"),
        client.post("/api/router", params),  # multipart, as the PHP SDK sends
        client.post(
            "/api/router",
            "&".join(f"{key}={value}" for key, value in params.items()),
            content_type="application/x-www-form-urlencoded",
        ),
    ]

    assert all("mall_info_get_response" in answer.json() for answer in answers)


def test_bad_bodies_answer_200_with_the_protocols_error():
    client = Client()
    answers = [
        client.post("/api/router", "{not json", content_type="application/json"),
        client.post("/api/router", "[1, 2]", content_type="application/json"),
        client.post("/api/router", {"type": "pdd.time.get\x00"}),
        client.get("/api/router"),
    ]
    assert [answer.status_code for answer in answers] == [200] * 4
    assert all(answer.json()["error_response"]["error_code"] == 10001 for answer in answers)


def test_a_revoked_grant_fails_at_once(app, tokens, merchant, owner_client_of):
    grant = grant_of(tokens)
    page = owner_client_of(merchant).get("/open/apps/").content.decode()
    assert app.name in page

    owner_client_of(merchant).post(f"/open/apps/{grant.pk}/revoke/")

    assert error_of(call(app, "pdd.mall.info.get", tokens))[0] == 20032
    assert app.name not in owner_client_of(merchant).get("/open/apps/").content.decode()


@pytest.fixture
def owner_client_of():
    def client_for(merchant):
        client = Client()
        client.force_login(merchant.user)
        return client

    return client_for


def test_the_shipment_moves_the_orders_updated_time(app, tokens, order):
    before = order.updated_at
    call(
        app,
        "pdd.order.note.update",
        tokens,
        order_sn=order.order_sn,
        note="加急",
        tag=1,
        tag_name="红",
    )
    order.refresh_from_db()
    assert order.updated_at > before and (order.remark, order.remark_flag) == ("加急", "red")
    assert timezone.now() - order.updated_at < timedelta(seconds=5)


def test_every_api_of_the_catalogue_is_answered():
    from openplatform.catalogue import APIS
    from openplatform.methods import METHODS

    assert set(METHODS) == set(APIS)


def test_the_message_service_is_on_for_an_authorised_shop(app, tokens, merchant):
    permit = call(app, "pdd.pmc.user.permit", tokens, topics="pdd_trade_TradeConfirmed")
    user = call(app, "pdd.pmc.user.get", tokens, owner_id=merchant.shop.shop_no)

    assert permit == {"pmc_user_permit_response": {"is_success": True}}
    pmc_user = user["pmc_user_get_response"]["pmc_user"]
    assert pmc_user["owner_id"] == str(merchant.shop.shop_no) and pmc_user["is_expire"] == 0
    assert "pdd_trade_TradeSellerShip" in pmc_user["topics"]


def test_a_java_style_client_authorises_through_the_consent_page_and_works_the_shop(merchant):
    """The whole day of a client that sends JSON bodies of strings (Pinduoduo's Java SDK):
    the owner's consent on the page, then orders, goods and refunds."""
    from urllib.parse import parse_qs, urlencode, urlsplit

    from orders.services import open_after_sale
    from tests.factories.openplatform import REDIRECT_URI

    app = make_app(name="Java ERP")
    product = make_product(merchant.shop, stock=4, on_sale=False)
    buyer = BuyerFactory()
    product_on_sale = make_product(merchant.shop, stock=9, title="在售商品")
    refunding = place(buyer, product_on_sale.skus.get())
    after_sale = open_after_sale(order=refunding, buyer=buyer, reason="不想要了", amount="9.90")
    owner = Client()
    owner.force_login(merchant.user)
    link = "/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": REDIRECT_URI,
            "state": "j1",
        }
    )
    assert owner.get(link).status_code == 200
    code = parse_qs(urlsplit(owner.post(link, {"decision": "allow"})["Location"]).query)["code"]

    tokens = call(app, "pdd.pop.auth.token.create", code=code[0])
    tokens = tokens["pop_auth_token_create_response"]
    on_sale = call(app, "pdd.goods.sale.status.set", tokens, goods_id=product.goods_id, is_onsale=1)
    listed = call(app, "pdd.goods.list.get", tokens, is_onsale=1)["goods_list_get_response"]
    refund = call(app, "pdd.refund.information.get", tokens, order_sn=refunding.order_sn)
    info = call(app, "pdd.order.information.get", tokens, order_sn=refunding.order_sn)

    assert on_sale == {"goods_sale_status_set_response": {"is_success": True}}
    assert {goods["goods_id"] for goods in listed["goods_list"]} == {
        product.goods_id,
        product_on_sale.goods_id,
    }
    assert (refund["id"], refund["refund_amount"], refund["after_sales_status"]) == (
        after_sale.pk,
        990,
        2,
    )
    order_info = info["order_info_get_response"]["order_info"]
    assert (order_info["refund_status"], order_info["after_sales_status"]) == (2, 2)


def test_a_consent_link_that_names_another_address_redirects_nowhere(merchant, app):
    from urllib.parse import urlencode

    owner = Client()
    owner.force_login(merchant.user)
    link = "/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": "https://evil.example.com/steal",
            "state": "x",
        }
    )

    assert owner.get(link).status_code == 400
    answer = owner.post(link, {"decision": "allow"})
    assert answer.status_code == 400 and not answer.has_header("Location")
    assert not Grant.objects.exists()


def test_only_the_owner_may_authorise_and_cancel_sends_access_denied(merchant, app):
    from urllib.parse import urlencode

    from merchant.models import Role
    from tests.conftest import staff_of

    link = "/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": app.redirect_uri,
            "state": "c",
        }
    )
    operations = Client()
    operations.force_login(staff_of(merchant.shop, Role.OPERATIONS))
    owner = Client()
    owner.force_login(merchant.user)

    assert operations.get(link).status_code == 403
    assert operations.post(link, {"decision": "allow"}).status_code == 403
    cancelled = owner.post(link, {"decision": "deny"})
    assert cancelled["Location"] == f"{app.redirect_uri}?error=access_denied&state=c"


def test_redelivery_type_2_corrects_a_shipment_once(app, tokens, order):
    send = {"order_sn": order.order_sn, "logistics_id": 85, "tracking_number": "YT1234567890123"}
    call(app, "pdd.logistics.online.send", tokens, **send)

    corrected = call(
        app,
        "pdd.logistics.online.send",
        tokens,
        redelivery_type=2,
        **{**send, "logistics_id": 44, "tracking_number": "SF1234567890123"},
    )
    again = call(
        app,
        "pdd.logistics.online.send",
        tokens,
        redelivery_type=2,
        **{**send, "logistics_id": 115, "tracking_number": "75312345678901"},
    )

    assert corrected == {"logistics_online_send_response": {"is_success": True}}
    assert again["error_response"]["sub_code"] == "shipment_not_modifiable"
    order.refresh_from_db()
    assert (order.carrier, order.tracking_no) == ("SF", "SF1234567890123")
    event = order.events.get(kind=OrderEventKind.SHIPMENT_MODIFIED)
    assert (event.actor_kind, event.params["previous_tracking_no"]) == (
        ActorKind.APP,
        "YT1234567890123",
    )


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_body_over_the_size_limit_answers_52004(app, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    filler = "x" * 20_000
    body = (
        json.dumps({"type": "pdd.time.get", "note": filler})
        if content_type == "application/json"
        else f"type=pdd.time.get&note={filler}"
    )

    response = Client().post("/api/router", body, content_type=content_type)

    assert response.status_code == 200
    assert response.json()["error_response"]["error_code"] == 52004
