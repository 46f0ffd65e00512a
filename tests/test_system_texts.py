"""What the system writes for people to read later (timeline details, chat notices and cards,
ledger notes, reasons) is worded in the reader's language, not the writer's: a fact written
while one language was active reads in the other language on the other side."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from rest_framework.test import APIClient

from chat.models import Message
from dropship import services as dropship
from dropship.models import DropshipOrder, Statement, StatementStatus
from dropship.statements import mark_failed
from merchant.services import issue_token
from orders import services as orders
from orders.models import OrderEvent
from payouts import services as payouts
from payouts.models import LedgerEntry, Withdrawal
from tests.factories.dropship import assign, bind, make_manufacturer, make_merchant
from tests.factories.orders import place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db

ENGLISH = {
    "shipped": "SF Express SF1234567890123",
    "received": "Automatic receipt",
    "review": "Review finished",
    "unassigned": "The buyer opened an after-sales request.",
}
CHINESE = {
    "shipped": "顺丰速运 SF1234567890123",
    "received": "系统自动确认收货",
    "review": "审核结束",
    "unassigned": "买家申请了售后。",
}


def reader(user, language) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def api_reader(user, language) -> APIClient:
    api = APIClient()
    token = issue_token(user=user).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE=language)
    return api


def written_in(language, action):
    with translation.override(language):
        return action()


@pytest.fixture
def lived_order(owner_membership, buyer):
    """An order that went through review, assignment, an after-sale that unassigned it,
    shipping and automatic receipt, with every step written while Chinese was active."""
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    order = place(buyer, make_product(merchant.shop, price="30.00", stock=5).skus.get())

    def live():
        orders.set_review(order=order, under_review=True, actor=None)
        orders.set_review(order=order, under_review=False, actor=None)
        assign(merchant, maker, [order])
        after_sale = orders.open_after_sale(
            order=order, buyer=buyer, reason="拍错了", amount="1.00"
        )
        orders.refuse_after_sale(after_sale=after_sale, actor=merchant.user, reason="已沟通")
        orders.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
        order.__class__.objects.filter(pk=order.pk).update(
            shipped_at=timezone.now() - timezone.timedelta(days=30)
        )
        orders.auto_confirm_receipts()

    written_in("zh-hans", live)
    return order


@pytest.mark.parametrize(("language", "words"), [("en", ENGLISH), ("zh-hans", CHINESE)])
def test_the_timeline_reads_in_the_readers_language(lived_order, owner, language, words):
    page = reader(owner, language).get(f"/orders/{lived_order.order_sn}/").content.decode()
    events = api_reader(owner, language).get(f"/api/v1/orders/{lived_order.order_sn}").json()

    details = {event["kind"]: event["detail"] for event in events["events"]}
    for kind, text in words.items():
        assert details[kind] == text
        assert text in page
    kind = {"en": "Refund only", "zh-hans": "仅退款"}[language]  # the type, in the reader's
    assert details["after_sale_opened"] == f"{kind} ¥1.00 拍错了"  # and the buyer's words
    assert details["after_sale_closed"] == "已沟通"


@pytest.mark.parametrize(
    ("language", "reason"),
    [("en", "The buyer opened an after-sales request."), ("zh-hans", "买家申请了售后。")],
)
def test_the_dropship_list_says_why_an_assignment_ended_in_the_readers_language(
    lived_order, owner, language, reason
):
    row = DropshipOrder.objects.get(order=lived_order)
    listed = api_reader(owner, language).get("/api/v1/dropship/orders").json()["results"]

    assert row.last_cancel_reason == "after_sale_opened"
    mine = next(item for item in listed if item["order_sn"] == lived_order.order_sn)
    assert (mine["last_cancel_reason"], mine["last_cancel_code"]) == (reason, "after_sale_opened")


@pytest.mark.parametrize(
    ("language", "notice", "card"),
    [
        ("en", "New order {sn}, paid ¥19.90", "[Product] Cotton tee"),
        ("zh-hans", "买家下单了：订单 {sn}，实付 ¥19.90", "[商品] Cotton tee"),
    ],
)
def test_chat_notices_and_cards_read_in_the_readers_language(
    shop, owner, buyer, language, notice, card
):
    buyer_api = api_reader(buyer.user, "zh-hans")  # the buyer writes in Chinese
    product = make_product(shop, price="19.90", title="Cotton tee")
    buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "goods_id": product.goods_id}
    )
    order = written_in("zh-hans", lambda: place(buyer, product.skus.get()))
    notice = notice.format(sn=order.order_sn)

    api = api_reader(owner, language)
    conversation = api.get("/api/v1/chat/conversations").json()["results"][0]
    thread = api.get(f"/api/v1/chat/conversations/{conversation['id']}/messages").json()
    page = reader(owner, language).get(f"/chat/?c={conversation['id']}")

    assert [m["text"] for m in thread["results"]] == [card, notice]
    assert notice in page.content.decode() and card in page.content.decode()
    assert conversation["last_message"] == (
        f"[New order] {order.order_sn}" if language == "en" else f"[新订单] {order.order_sn}"
    )
    assert Message.objects.get(kind="order_notice").text == order.order_sn  # no language


@pytest.mark.parametrize(
    ("language", "note"),
    [("en", "Paid 32.00, fee 0.19"), ("zh-hans", "实付 32.00，技术服务费 0.19")],
)
def test_the_ledgers_income_note_reads_in_the_readers_language(shop, owner, language, note):
    written_in("zh-hans", lambda: give_balance(shop, "30.00"))

    page = reader(owner, language).get("/payouts/").content.decode()

    assert LedgerEntry.objects.get(kind="order_income").note == ""
    assert note in page


@pytest.mark.parametrize(
    ("language", "text"), [("en", "Refused by the bank"), ("zh-hans", "银行退回")]
)
def test_a_withdrawal_refused_without_words_reads_in_the_readers_language(
    shop, owner, language, text
):
    give_balance(shop, "1000.00")
    bind_card(shop, owner)
    withdrawal = payouts.request_withdrawal(shop=shop, amount="1000.00", requested_by=owner)
    written_in("zh-hans", lambda: payouts.mark_withdrawal_failed(withdrawal=withdrawal, reason=""))

    listed = api_reader(owner, language).get("/api/v1/payouts/withdrawals").json()["results"]

    assert Withdrawal.objects.get().failure_reason == ""
    assert listed[0]["failure_reason"] == text


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Gave up after 3 attempts."), ("zh-hans", "已重试 3 次，生成失败。")],
)
def test_a_failed_statement_says_why_in_the_readers_language(owner_membership, language, text):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    statement = dropship.request_statement(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        actor=merchant.user,
    )
    Statement.objects.filter(pk=statement.pk).update(status=StatementStatus.GENERATING)
    written_in("zh-hans", lambda: mark_failed(statement=statement, reason="gave_up"))

    listed = api_reader(merchant.user, language).get("/api/v1/dropship/statements").json()
    page = reader(merchant.user, language).get("/dropship/statements/").content.decode()

    assert listed["results"][0]["failure_reason"] == text
    assert listed["results"][0]["failure_code"] == "gave_up"
    assert text in page


def test_texts_stored_translated_before_become_facts(lived_order):
    """The migration reads what earlier code stored in either language and keeps what it
    cannot read as it was."""
    events = OrderEvent.objects.filter(order=lived_order)
    old = {
        "shipped": "顺丰速运 SF1234567890123",
        "received": "Automatic receipt",
        "review": "审核结束",
        "unassigned": "Cancelled by the merchant.",
        "after_sale_opened": "¥1.5 拍错了",
        "remark": "系统自动确认收货",  # a person's remark: never read as a fact
    }
    for kind, text in old.items():
        events.filter(kind=kind).update(params={}, detail=text)
    events.filter(kind="review").exclude(pk=events.filter(kind="review").last().pk).delete()
    if not events.filter(kind="remark").exists():
        orders.record_event(lived_order, "remark", actor_kind="merchant", detail=old["remark"])
    row = DropshipOrder.objects.get(order=lived_order)
    DropshipOrder.objects.filter(pk=row.pk).update(last_cancel_reason="绑定已解除。")
    migration = importlib.import_module("orders.migrations.0007_system_texts_worded_when_read")
    dropship_migration = importlib.import_module(
        "dropship.migrations.0004_system_texts_worded_when_read"
    )

    migration.forwards(apps, None)
    dropship_migration.forwards(apps, None)

    facts = {event.kind: (event.params, event.detail) for event in events.all()}
    assert facts["shipped"] == ({"carrier": "SF", "tracking_no": "SF1234567890123"}, "")
    assert facts["received"] == ({"received_by": "automatic"}, "")
    assert facts["review"] == ({"under_review": False}, "")
    assert facts["unassigned"] == ({"unassign_reason": "merchant_cancelled"}, "")
    assert facts["after_sale_opened"] == ({"amount": "1.50"}, "拍错了")
    assert facts["remark"] == ({}, "系统自动确认收货")
    row.refresh_from_db()
    assert row.last_cancel_reason == "binding_ended"
    with translation.override("en"):
        assert events.get(kind="shipped").describe() == "SF Express SF1234567890123"


@pytest.mark.parametrize(
    ("language", "reasons"),
    [
        ("en", ["This is not a SF Express tracking number", "No such order in this shop."]),
        ("zh-hans", ["这不是顺丰速运的运单号", "本店没有这个订单。"]),
    ],
)
def test_an_import_report_reads_in_the_readers_language(shop, owner, buyer, language, reasons):
    order = place(buyer, make_product(shop, stock=5).skus.get())
    rows = [
        {"order_sn": order.order_sn, "carrier": "SF", "tracking_no": "SF12"},
        {"order_sn": "261203-000000000000000", "carrier": "SF", "tracking_no": "SF1234567890123"},
    ]
    job = written_in(
        "zh-hans",
        lambda: orders.start_shipment_import(shop=shop, rows=rows, actor=owner, language="zh-hans"),
    )

    client = reader(owner, language)
    page = client.get(f"/orders/ship/import/{job.pk}/").content.decode()
    failed = b"".join(client.get(f"/orders/ship/import/{job.pk}/failed.csv").streaming_content)

    for reason in reasons:
        assert reason in page
        assert reason in failed.decode("utf-8-sig")
