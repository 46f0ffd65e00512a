"""消息中心: who is told what (by role, by their own settings), reading, the live bell."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client
from django.utils import timezone

from config.asgi import application
from dropship import services as dropship
from dropship.statements import build_statement
from merchant import services
from merchant.models import Notification, NotificationSetting, Role
from orders import services as orders
from orders.models import AfterSaleKind
from payouts import services as payouts
from payouts.models import Withdrawal
from tests.conftest import staff_of, token_client
from tests.factories.dropship import bind, make_manufacturer, make_merchant, return_address
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

BROWSER = [(b"host", b"localhost"), (b"origin", b"http://localhost")]


def kinds_of(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def team(shop, owner):
    return {
        "owner": owner,
        "operations": staff_of(shop, Role.OPERATIONS),
        "service": staff_of(shop, Role.CUSTOMER_SERVICE),
        "finance": staff_of(shop, Role.FINANCE),
    }


def test_money_goes_to_owner_and_finance_only(shop, team):
    bind_card(shop, team["owner"])
    give_balance(shop, "5000")
    withdrawal = payouts.request_withdrawal(shop=shop, amount="2000", requested_by=team["owner"])
    payouts.mark_withdrawal_succeeded(withdrawal=withdrawal)
    yesterday = timezone.localdate() - timedelta(days=1)
    Withdrawal.objects.filter(pk=withdrawal.pk).update(requested_on=yesterday)
    failed = payouts.request_withdrawal(shop=shop, amount="1000", requested_by=team["owner"])
    payouts.mark_withdrawal_failed(withdrawal=failed, reason="账户已冻结")

    for who in ("owner", "finance"):
        assert "payouts.withdrawal_succeeded" in kinds_of(team[who])
        assert "payouts.withdrawal_failed" in kinds_of(team[who])
    for who in ("operations", "service"):
        assert kinds_of(team[who]) == []
    # The bank card notice is the owner's alone, whatever finance sees of money.
    assert "bank_card_bound" in kinds_of(team["owner"])
    assert "bank_card_bound" not in kinds_of(team["finance"])

    client = Client()
    client.force_login(team["finance"])
    page = client.get("/notifications/").content.decode()
    assert "¥2,000.00" in page and "账户已冻结" in page
    assert 'data-testid="notification-unread">2<' in page


def test_an_after_sale_waits_for_those_who_answer_it_and_reminds_them_once(shop, team):
    order = place(BuyerFactory(), make_product(shop).skus.get())
    orders.ship_order(order=order, carrier="SF", tracking_no=f"SF{order.pk:013d}")
    after_sale = orders.open_after_sale(
        order=order, buyer=order.buyer, reason="破损", amount=order.pay_amount
    )
    for who in ("owner", "operations", "service"):
        assert kinds_of(team[who]) == ["orders.after_sale_waiting"]
    assert kinds_of(team["finance"]) == []

    assert orders.remind_after_sales() == 0  # 48 h left: not yet
    later = after_sale.deadline - timedelta(hours=11)
    assert orders.remind_after_sales(now=later) == 1
    assert orders.remind_after_sales(now=later + timedelta(minutes=5)) == 0  # once per stage
    assert kinds_of(team["service"]).count("orders.after_sale_due_soon") == 1
    text = Client()
    text.force_login(team["service"])
    page = text.get("/notifications/?kind=orders.after_sale_due_soon").content.decode()
    assert order.order_sn in page and "待" not in order.order_sn
    assert orders.remind_after_sales(now=after_sale.deadline + timedelta(minutes=1)) == 0


def test_a_return_sent_back_is_waiting_and_reminded_again_in_its_new_stage(shop, team):
    return_address(shop)
    order = place(BuyerFactory(), make_product(shop).skus.get())
    orders.ship_order(order=order, carrier="SF", tracking_no=f"SF{order.pk:013d}")
    orders.confirm_receipt(order=order)
    after_sale = orders.open_after_sale(
        order=order,
        buyer=order.buyer,
        reason="不合适",
        amount=order.pay_amount,
        kind=AfterSaleKind.RETURN_AND_REFUND,
    )
    assert orders.remind_after_sales(now=after_sale.deadline - timedelta(hours=1)) == 1
    orders.approve_after_sale(after_sale=after_sale, actor=team["owner"])
    orders.ship_return(
        after_sale=after_sale, buyer=order.buyer, carrier="SF", tracking_no="SF1234567890123"
    )
    after_sale.refresh_from_db()
    assert kinds_of(team["operations"]).count("orders.after_sale_waiting") == 2
    assert orders.remind_after_sales(now=after_sale.deadline - timedelta(hours=1)) == 1
    assert kinds_of(team["operations"]).count("orders.after_sale_due_soon") == 2


def test_a_member_turns_a_kind_off_but_not_a_security_notice(shop, team, owner_api):
    settings = owner_api.get("/api/v1/notifications/settings").json()
    by_kind = {row["kind"]: row for row in settings}
    assert by_kind["bank_card_bound"]["optional"] is False
    assert by_kind["payouts.withdrawal_succeeded"]["enabled"] is True
    assert by_kind["payouts.withdrawal_succeeded"]["label"] == "提现到账"

    changed = owner_api.put(
        "/api/v1/notifications/settings",
        {"settings": [{"kind": "payouts.withdrawal_succeeded", "enabled": False}]},
        format="json",
    )
    assert changed.status_code == 200
    refused = owner_api.put(
        "/api/v1/notifications/settings",
        {
            "settings": [
                {"kind": "payouts.withdrawal_failed", "enabled": False},
                {"kind": "bank_card_bound", "enabled": False},
            ]
        },
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["code"] == "validation_error"
    assert "bank_card_bound" in str(refused.json()["fields"])
    # Nothing of a refused request was kept: the failed-withdrawal notice stays on.
    assert not NotificationSetting.objects.filter(kind="payouts.withdrawal_failed").exists()

    # Finance cannot set what its role never receives (after-sales), nor an invented kind.
    finance_api = token_client(team["finance"])
    for kind in ("orders.after_sale_waiting", "no.such.kind"):
        answer = finance_api.put(
            "/api/v1/notifications/settings",
            {"settings": [{"kind": kind, "enabled": False}]},
            format="json",
        )
        assert answer.status_code == 400

    bind_card(shop, team["owner"])
    give_balance(shop, "5000")
    withdrawal = payouts.request_withdrawal(shop=shop, amount="2000", requested_by=team["owner"])
    payouts.mark_withdrawal_succeeded(withdrawal=withdrawal)
    assert "payouts.withdrawal_succeeded" not in kinds_of(team["owner"])
    assert "bank_card_bound" in kinds_of(team["owner"])
    assert "payouts.withdrawal_succeeded" in kinds_of(team["finance"])


def test_the_settings_page_saves_switches_and_keeps_security_notices_on(shop, owner_client):
    page = owner_client.get("/notifications/settings/").content.decode()
    assert "提现到账" in page and "始终开启" in page
    # Every optional box left unticked turns them off; the disabled one cannot be posted off.
    saved = owner_client.post("/notifications/settings/", {"orders.after_sale_waiting": "on"})
    assert saved.status_code == 302
    off = set(NotificationSetting.objects.filter(enabled=False).values_list("kind", flat=True))
    assert "payouts.withdrawal_succeeded" in off
    assert "orders.after_sale_waiting" not in off and "bank_card_bound" not in off


def test_reading_one_all_and_nobody_elses(shop, owner_api, other_owner_api):
    for number in range(3):
        services.notify_shop(
            shop=shop, kind="payouts.late_penalty", order_sn=f"X{number}", amount="3"
        )
    mine = owner_api.get("/api/v1/notifications?unread=true").json()["results"]
    assert len(mine) == 3 and mine[0]["text"].startswith("订单 X2")
    assert mine[0]["link"] == "/orders/X2/"

    # Another shop's owner reaches none of them, by the API or the page.
    assert other_owner_api.post(f"/api/v1/notifications/{mine[0]['id']}/read").status_code == 404
    answer = other_owner_api.post(
        "/api/v1/notifications/read", {"ids": [row["id"] for row in mine]}, format="json"
    )
    assert answer.json() == {"marked": 0, "unread": 0}

    one = owner_api.post(f"/api/v1/notifications/{mine[0]['id']}/read")
    assert one.status_code == 200 and one.json()["read_at"]
    assert owner_api.get("/api/v1/notifications/unread-count").json() == {"unread": 2}
    assert owner_api.post("/api/v1/notifications/read", {}, format="json").json() == {
        "marked": 2,
        "unread": 0,
    }
    assert owner_api.get("/api/v1/notifications?kind=nope").status_code == 400


def test_the_page_filters_opens_and_marks_read(shop, owner_client, other_membership):
    services.notify_shop(shop=shop, kind="payouts.late_penalty", order_sn="X1", amount="3")
    services.notify_shop(shop=shop, kind="merchant.shop_reinstated")
    notification = Notification.objects.get(kind="payouts.late_penalty")

    # The notice's own words, not "X1" alone: a page's random CSRF tokens may hold "X1".
    penalty = "订单 X1"
    page = owner_client.get("/notifications/?kind=payouts.late_penalty").content.decode()
    assert penalty in page and "恢复正常经营" not in page
    refused = owner_client.get("/notifications/?kind=nope").content.decode()
    assert 'data-testid="notification-filter-errors"' in refused and penalty not in refused

    opened = owner_client.post(f"/notifications/{notification.pk}/read/", {"open": "1"})
    assert opened.status_code == 302 and opened["Location"] == "/orders/X1/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    unread = owner_client.get("/notifications/?unread=on").content.decode()
    assert penalty not in unread and "恢复正常经营" in unread
    # Back to the list as filtered, whatever else the form was given.
    other = Notification.objects.get(kind="merchant.shop_reinstated")
    back = owner_client.post(
        f"/notifications/{other.pk}/read/", {"query": "unread=on&next=//evil.example\r\nX: y"}
    )
    assert back["Location"] == "/notifications/?unread=on"

    stranger = Client()
    stranger.force_login(other_membership.user)
    assert stranger.post(f"/notifications/{other.pk}/read/").status_code == 404


def test_suspension_in_admin_tells_every_member(shop, team, admin_client):
    answer = admin_client.post(
        f"/admin/merchant/shop/{shop.pk}/change/",
        {
            "name": shop.name,
            "is_suspended": "on",
            "suspension_reason": "售假",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    for user in team.values():
        assert kinds_of(user) == ["merchant.shop_suspended"]


def test_dropship_bindings_and_statements_tell_the_other_side(db):
    merchant, maker = make_merchant(), make_manufacturer()
    binding = bind(merchant, maker)
    assert kinds_of(maker.user) == ["dropship.binding_requested"]
    assert kinds_of(merchant.user) == ["dropship.binding_answered"]
    statement = dropship.request_statement(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        start_date=timezone.localdate(),
        end_date=timezone.localdate(),
        actor=merchant.user,
    )
    build_statement(statement=statement)
    assert "dropship.statement_ready" in kinds_of(merchant.user)
    dropship.unbind(binding=binding, by_shop=maker.shop, actor=maker.user)
    assert "dropship.binding_ended" in kinds_of(merchant.user)
    page = Client()
    page.force_login(merchant.user)
    text = page.get("/notifications/").content.decode()
    assert maker.shop.name in text and "解除了与你的代发绑定" in text


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_bell_is_live_and_closes_with_the_credentials():
    membership = await sync_to_async(MembershipFactory)(role=Role.OWNER)
    finance = await sync_to_async(MembershipFactory)(shop=membership.shop, role=Role.FINANCE)
    client = Client()
    await sync_to_async(client.force_login)(finance.user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    bell = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[*BROWSER, (b"cookie", cookie)]
    )
    assert (await bell.connect())[0]
    assert await bell.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}

    await sync_to_async(services.notify_shop)(
        shop=membership.shop, kind="payouts.late_penalty", order_sn="X1", amount="3"
    )
    assert await bell.receive_json_from(timeout=5) == {"type": "unread", "unread": 1}
    await sync_to_async(services.mark_notifications_read)(shop=membership.shop, user=finance.user)
    assert await bell.receive_json_from(timeout=5) == {"type": "unread", "unread": 0}

    # Another origin, or nobody signed in, gets no bell.
    forged = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[(b"host", b"localhost"), (b"origin", b"http://evil.example"), (b"cookie", cookie)],
    )
    assert not (await forged.connect())[0]
    anonymous = WebsocketCommunicator(application, "/ws/notifications/", headers=BROWSER)
    connected, code = await anonymous.connect()
    assert not connected or (await anonymous.receive_output(timeout=5))["code"] == 4401

    await sync_to_async(services.revoke_tokens)(user=finance.user)
    closed = await bell.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4403}
    await sync_to_async(connections.close_all)()
