import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from chat.exceptions import MessageRateLimited
from chat.models import (
    REMOVED,
    REMOVED_TEXT,
    Conversation,
    Message,
    MessageKind,
    QuickPhrase,
    ResponseTime,
    SenderKind,
    SocketTicket,
)
from chat.selectors import unread_total
from common.exceptions import InvalidInput
from common.identifiers import is_identifier, secret_digest
from common.sockets import send_on_commit
from merchant.models import Shop
from orders.exceptions import ShopNotFound
from orders.models import AfterSaleStage, Order
from products.models import Product

logger = logging.getLogger(__name__)


def shop_group(shop_id) -> str:
    return f"chat.shop.{shop_id}"


def buyer_group(buyer_id) -> str:
    return f"chat.buyer.{buyer_id}"


def user_group(user_id) -> str:
    """Every socket of one user: closed when their credentials end (merchant's
    credentials_revoked: a password change, a membership switched off or given another role,
    a revoked token)."""
    return f"chat.user.{user_id}"


def message_data(message: Message) -> dict:
    """What clients receive for a message, over the socket and the API alike. A message the
    platform flagged for abuse is removed for both sides: its text and card are withheld
    (the moderators keep them in admin)."""
    removed = message.is_flagged
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "sender_kind": message.sender_kind,
        "kind": message.kind,
        "text": str(REMOVED_TEXT) if removed else message.display_text(),
        "payload": {} if removed else message.payload,
        "is_removed": removed,
        "created_at": message.created_at.isoformat(),
    }


@transaction.atomic
def moderate_message(*, message: Message, flagged: bool) -> Message:
    """A moderator flags (or clears) a message: flagged, it reads as removed everywhere,
    the conversation list's preview included."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    message.is_flagged = flagged
    message.save(update_fields=["is_flagged"])
    conversation = Conversation.objects.select_for_update().get(pk=message.conversation_id)
    latest = conversation.messages.order_by("-created_at", "-id").first()
    if latest is not None and latest.pk == message.pk:
        conversation.last_message_kind = REMOVED if flagged else message.kind
        conversation.last_message_text = "" if flagged else message.subject[:100]
        conversation.save(update_fields=["last_message_kind", "last_message_text"])
    return message


def _push(message: Message, *, event_type: str = "message") -> None:
    """After commit, push to the shop's sockets and the buyer's: the message is saved
    first, so a socket that misses it (down, reconnecting) fetches it from the API."""
    conversation = message.conversation
    common = {
        "type": event_type,
        "conversation_id": conversation.pk,
        "buyer": {"id": conversation.buyer_id, "nickname": conversation.buyer.nickname},
        "message": message_data(message),
    }
    # Each side gets its own figures only: the buyer never learns the shop's totals.
    to_shop = {
        "type": "chat.event",
        "payload": {
            **common,
            "merchant_unread": conversation.merchant_unread,
            "unread_total": unread_total(shop=conversation.shop_id),
        },
    }
    to_buyer = {
        "type": "chat.event",
        "payload": {**common, "buyer_unread": conversation.buyer_unread},
    }

    send_on_commit(
        lambda: [
            (shop_group(conversation.shop_id), to_shop),
            (buyer_group(conversation.buyer_id), to_buyer),
        ],
        what=f"message {message.pk}",
    )


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput({"text": [_("Write a message first.")]})
    if len(text) > settings.CHAT_MESSAGE_MAX_LENGTH:
        raise InvalidInput({"text": [_("A message has at most 500 characters.")]})
    return text


def _check_rate(buyer) -> None:
    """At most CHAT_BUYER_RATE messages per buyer (a counter in the shared cache), so one
    buyer cannot flood a shop."""
    count, period = settings.CHAT_BUYER_RATE.split("/")
    seconds = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600}[period]
    key = f"chat-rate:{buyer.pk}:{int(timezone.now().timestamp()) // seconds}"
    try:
        cache.add(key, 0, timeout=seconds)
        sent = cache.incr(key)
    except (RedisError, OSError):
        return  # the cache is down: let the message through rather than lose it
    if sent > int(count):
        raise MessageRateLimited()


def _locked_conversation(buyer, *, shop_no: str) -> Conversation | None:
    """The buyer's conversation with the shop numbered `shop_no`, with its shop, locked (the
    conversation's row only, so that buyers of one shop do not wait for each other): one
    query on the path of every message but a buyer's first to a shop. None before that."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("shop")
        .filter(shop__shop_no=shop_no, buyer=buyer)
        .first()
    )
    if conversation is not None:
        conversation.buyer = buyer  # for the push, without reading the buyer again
    return conversation


def _new_conversation(shop, buyer) -> Conversation:
    """The buyer's first message to the shop makes their conversation, locked."""
    try:
        with transaction.atomic():
            Conversation.objects.create(shop=shop, buyer=buyer)
    except IntegrityError:
        pass  # another request made it first
    conversation = Conversation.objects.select_for_update().get(shop=shop, buyer=buyer)
    conversation.shop, conversation.buyer = shop, buyer
    return conversation


def _card(*, shop, buyer, goods_id=None, order_sn=None) -> tuple[str, dict, str]:
    """A product or order card (structured message), checked against the shop (and, for
    an order, the buyer): `(kind, payload, text shown in lists)`."""
    if goods_id is not None:
        product = (
            Product.objects.for_shop(shop)
            .filter(goods_id=goods_id)
            .prefetch_related("skus", "images")
            .first()
        )
        if product is None:
            raise InvalidInput({"goods_id": [_("This shop has no such product.")]})
        prices = [sku.price for sku in product.skus.all()]
        image = next(iter(product.images.all()), None)
        payload = {
            "goods_id": product.goods_id,
            "title": product.title,
            "price": str(min(prices)) if prices else None,
            "image": image.image.url if image else None,
        }
        return MessageKind.PRODUCT, payload, product.title
    order = Order.objects.for_shop(shop).filter(order_sn=order_sn, buyer=buyer).first()
    if order is None:
        raise InvalidInput({"order_sn": [_("You have no such order in this shop.")]})
    payload = {
        "order_sn": order.order_sn,
        "pay_amount": str(order.pay_amount),
        "status": order.status,
    }
    return MessageKind.ORDER, payload, order.order_sn


@transaction.atomic
def send_buyer_message(*, buyer, shop_no, text: str = "", goods_id=None, order_sn=None) -> Message:
    """A buyer writes to a shop: text, or a product or order card."""
    if not is_identifier(str(shop_no)):
        raise ShopNotFound()
    conversation = _locked_conversation(buyer, shop_no=shop_no)
    shop = conversation.shop if conversation else Shop.objects.filter(shop_no=shop_no).first()
    if shop is None:
        raise ShopNotFound()
    kind, payload = MessageKind.TEXT, {}
    if goods_id is not None or order_sn:
        kind, payload, text = _card(shop=shop, buyer=buyer, goods_id=goods_id, order_sn=order_sn)
    else:
        text = _clean_text(text)
    _check_rate(buyer)
    conversation = conversation or _new_conversation(shop, buyer)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.BUYER,
        sender=buyer.user,
        text=text,
        kind=kind,
        payload=payload,
        created_at=now,
    )
    conversation.merchant_unread += 1
    conversation.last_message_at, conversation.last_message_text = now, text[:100]
    conversation.last_message_kind = kind
    conversation.awaiting_reply_since = conversation.awaiting_reply_since or now
    conversation.save(
        update_fields=[
            "merchant_unread",
            "last_message_at",
            "last_message_text",
            "last_message_kind",
            "awaiting_reply_since",
        ]
    )
    _push(message)
    return message


@transaction.atomic
def send_merchant_message(*, conversation: Conversation, user, text: str) -> Message:
    """The shop's reply; the first one after the buyer started waiting records how long
    the wait was (for the dashboard's response figures)."""
    text = _clean_text(text)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.MERCHANT,
        sender=user,
        text=text,
        created_at=now,
    )
    if conversation.awaiting_reply_since:
        ResponseTime.objects.create(
            shop_id=conversation.shop_id,
            conversation=conversation,
            asked_at=conversation.awaiting_reply_since,
            answered_at=now,
            seconds=int((now - conversation.awaiting_reply_since).total_seconds()),
        )
    conversation.buyer_unread += 1
    conversation.merchant_unread = 0  # replying means the shop has read the thread
    conversation.last_message_at, conversation.last_message_text = now, text[:100]
    conversation.last_message_kind = MessageKind.TEXT
    conversation.awaiting_reply_since = None
    conversation.save(
        update_fields=[
            "buyer_unread",
            "merchant_unread",
            "last_message_at",
            "last_message_text",
            "last_message_kind",
            "awaiting_reply_since",
        ]
    )
    _push(message)
    return message


def mark_read(*, conversation: Conversation, side: str) -> None:
    field = "merchant_unread" if side == SenderKind.MERCHANT else "buyer_unread"
    Conversation.objects.filter(pk=conversation.pk).exclude(**{field: 0}).update(**{field: 0})


def post_order_notice(order) -> None:
    """A buyer who chats with the shop places an order: the conversation shows it at once
    (called in the paying transaction, pushed after commit)."""
    conversation = Conversation.objects.filter(
        shop_id=order.shop_id, buyer_id=order.buyer_id
    ).first()
    if conversation is None:
        return
    items = [
        {"title": item.title, "spec": item.spec, "quantity": item.quantity}
        for item in order.items.all()
    ]
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.SYSTEM,
        kind=MessageKind.ORDER_NOTICE,
        text=order.order_sn,  # worded when read: Message.display_text
        payload={
            "order_sn": order.order_sn,
            "pay_amount": str(order.pay_amount),
            "items": items,
            "status": order.status,
        },
        created_at=order.paid_at,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        merchant_unread=F("merchant_unread") + 1,
        last_message_at=order.paid_at,
        last_message_text=message.subject[:100],
        last_message_kind=MessageKind.ORDER_NOTICE,
    )
    conversation.refresh_from_db()
    message.conversation = conversation
    _push(message, event_type="order_notice")


# The stages a buyer's own step leads to: the notice is news to the shop; any other stage
# is the shop's, the system's or the platform's step, news to the buyer.
BUYER_STEP_STAGES = {
    AfterSaleStage.AWAITING_MERCHANT,
    AfterSaleStage.AWAITING_RECEIPT,
    AfterSaleStage.PLATFORM_REVIEW,
    AfterSaleStage.WITHDRAWN,
}


def post_after_sale_notice(after_sale) -> None:
    """Each step of an after-sale shows in the buyer's conversation with the shop, if they
    have one (called in the step's transaction, pushed after commit), unread for the side
    that did not take the step."""
    conversation = Conversation.objects.filter(
        shop_id=after_sale.shop_id, buyer_id=after_sale.buyer_id
    ).first()
    if conversation is None:
        return
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        sender_kind=SenderKind.SYSTEM,
        kind=MessageKind.AFTER_SALE_NOTICE,
        text=after_sale.order.order_sn,  # worded when read: Message.display_text
        payload={
            "order_sn": after_sale.order.order_sn,
            "after_sale_id": after_sale.pk,
            "kind": after_sale.kind,
            "stage": after_sale.stage,
            "amount": str(after_sale.amount),
        },
        created_at=now,
    )
    unread = "merchant_unread" if after_sale.stage in BUYER_STEP_STAGES else "buyer_unread"
    Conversation.objects.filter(pk=conversation.pk).update(
        **{unread: F(unread) + 1},
        last_message_at=now,
        last_message_text=message.subject[:100],
        last_message_kind=MessageKind.AFTER_SALE_NOTICE,
    )
    conversation.refresh_from_db()
    message.conversation = conversation
    _push(message, event_type="order_notice")


@transaction.atomic
def add_quick_phrase(*, shop, text: str):
    text = (text or "").strip()
    if not text or len(text) > 200:
        raise InvalidInput({"text": [_("A quick phrase has 1 to 200 characters.")]})
    return QuickPhrase.objects.create(shop=shop, text=text)


def delete_quick_phrase(*, phrase) -> None:
    phrase.delete()


def close_sockets(group: str) -> None:
    """After commit, close every socket in `group`."""
    send_on_commit(lambda: [(group, {"type": "chat.close"})], what=f"closing {group}")


# Websocket tickets


def issue_socket_ticket(*, user) -> tuple[str, SocketTicket]:
    """A ticket good for one socket, for SOCKET_TICKET_LIFETIME; answers the ticket text
    (shown once, stored as a digest) and its row."""
    text = secrets.token_urlsafe(24)
    ticket = SocketTicket.objects.create(
        user=user,
        digest=secret_digest(text),
        expires_at=timezone.now() + settings.SOCKET_TICKET_LIFETIME,
    )
    return text, ticket


def redeem_socket_ticket(text: str):
    """The active user the ticket was issued to, once; None for an unknown, expired or used
    ticket (a second redemption, even in parallel, finds it used)."""
    if not text or len(text) > 100:
        return None
    now = timezone.now()
    digest = secret_digest(text)
    if not SocketTicket.objects.filter(digest=digest, used_at=None, expires_at__gt=now).update(
        used_at=now
    ):
        return None
    ticket = SocketTicket.objects.select_related("user").get(digest=digest)
    return ticket.user if ticket.user.is_active else None


def delete_old_socket_tickets() -> int:
    stale = timezone.now() - timedelta(hours=1)
    return SocketTicket.objects.filter(expires_at__lt=stale).delete()[0]
