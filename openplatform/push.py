"""The message service (消息服务, ../shared/PDD-OPEN-PLATFORM.md §3): what the product tells an
authorised app about its shop, as the platform's topics and frames. Messages are rows
written inside the event's transaction (nothing is lost while the app is offline), pushed
to the app's open sockets after commit, and sent again on each connection until acked."""

import base64
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from common.sockets import send_on_commit
from openplatform.models import Grant, OpenApp, PushMessage
from openplatform.render import fen
from openplatform.selectors import get_active_app

TRADE_CONFIRMED = "pdd_trade_TradeConfirmed"
TRADE_SELLER_SHIP = "pdd_trade_TradeSellerShip"
TRADE_SUCCESS = "pdd_trade_TradeSuccess"
REFUND_CREATED = "pdd_refund_RefundCreated"
REFUND_AGREED = "pdd_refund_RefundAgreeAgreement"
REFUND_CLOSED = "pdd_refund_RefundClosed"
TOPICS = (
    TRADE_CONFIRMED,
    TRADE_SELLER_SHIP,
    TRADE_SUCCESS,
    REFUND_CREATED,
    REFUND_AGREED,
    REFUND_CLOSED,
)

# commandType as the Java SDK sends it (by name) and as a default .NET serialiser would
# (the enum's position; UNVERIFIED order): both are understood.
COMMANDS = {"Common": "Common", "HeartBeat": "HeartBeat", "Ack": "Ack", "Fail": "Fail"}
COMMANDS.update({0: "Common", 1: "HeartBeat", 2: "Ack", 3: "Fail"})


def app_group(app_id: int) -> str:
    return f"open-push-{app_id}"


def digest(client_id: str, timestamp: str, secret: str) -> str:
    """Base64 of the lowercase hex MD5 of client_id + ts + secret (the SDK's md5Base64Sign32)."""
    text = hashlib.md5(f"{client_id}{timestamp}{secret}".encode()).hexdigest()  # noqa: S324
    return base64.b64encode(text.encode()).decode()


def app_for_socket(client_id: str, timestamp: str, given: str) -> OpenApp | None:
    """The active app a socket path names, if its digest is right and its clock near."""
    app = get_active_app(client_id=client_id)
    if app is None or not timestamp.isascii() or not timestamp.isdigit():
        return None
    if abs(int(timestamp) / 1000 - time.time()) > 600:
        return None
    expected = digest(app.client_id, timestamp, app.client_secret)
    return app if hmac.compare_digest(expected.encode(), given.encode()) else None


def _ms(moment) -> int:
    return int(moment.timestamp() * 1000)


def tell(shop, topic: str, content: dict) -> None:
    """A message for every app the shop authorised, in the caller's transaction; the apps'
    open sockets hear of it after commit."""
    grants = list(Grant.objects.live().filter(shop=shop).values_list("pk", "app_id"))
    if not grants:
        return
    text = json.dumps({"mall_id": shop.shop_no, **content}, ensure_ascii=False)
    PushMessage.objects.bulk_create(
        PushMessage(grant_id=grant_id, topic=topic, content=text) for grant_id, _app in grants
    )
    apps = sorted({app_id for _grant, app_id in grants})
    # A socket not woken gets the message when it reconnects.
    send_on_commit(
        lambda: [(app_group(app_id), {"type": "push.pending"}) for app_id in apps],
        what=f"messages to apps {apps}",
    )


def trade_content(order) -> dict:
    return {"tid": order.order_sn}


def refund_content(after_sale, operation: int) -> dict:
    return {
        "tid": after_sale.order.order_sn,
        "refund_id": after_sale.pk,
        "refund_fee": fen(after_sale.amount),
        "bill_type": 1,  # 仅退款
        "operation": operation,
        "modified": _ms(timezone.now()),
    }


def pending_frames(app: OpenApp, *, already_sent=frozenset()) -> list[dict]:
    """The app's unacknowledged messages within the retention window, oldest first, as
    Common frames; each counted as sent once more. Those a socket has sent already
    (`already_sent`) wait there for their Ack: they come again on the next connection, not
    with every new message."""
    since = timezone.now() - settings.OPEN_PUSH_RETENTION
    messages = list(
        PushMessage.objects.filter(
            grant__app=app,
            grant__revoked_at__isnull=True,
            acked_at__isnull=True,
            created_at__gte=since,
        )
        .exclude(pk__in=already_sent)
        .select_related("grant__shop")
        .order_by("id")[:500]
    )
    PushMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
        sent_count=F("sent_count") + 1
    )
    now = _ms(timezone.now())
    return [
        {
            "id": message.pk,
            "appId": app.pk,
            "commandType": "Common",
            "time": _ms(message.created_at),
            "sendTime": now,
            "message": {
                "type": message.topic,
                "mallID": message.grant.shop.shop_no,
                "content": message.content,
            },
        }
        for message in messages
    ]


def acknowledge(app: OpenApp, message_id) -> bool:
    """The app processed a message: it is not sent again."""
    if not isinstance(message_id, int) or isinstance(message_id, bool):
        return False
    return bool(
        PushMessage.objects.filter(pk=message_id, grant__app=app, acked_at__isnull=True).update(
            acked_at=timezone.now()
        )
    )
