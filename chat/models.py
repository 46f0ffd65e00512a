from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.i18n import choice_label
from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop
from orders.models import AfterSaleKind, AfterSaleStage

# A card's text and a conversation's preview are worded when read, in the reader's
# language: the database keeps only what is not language (a title, an order number).
CARD_TEXTS = {
    "product": _("[Product] %(text)s"),
    "order": _("[Order] %(text)s"),
    "order_notice": _("[New order] %(text)s"),
    "after_sale_notice": _("[After-sales] %(text)s"),
}
ORDER_NOTICE_TEXT = _("New order %(sn)s, paid ¥%(amount)s")  # the whole notice, in the thread
# An after-sale's step, in the thread: its kind and stage are worded in the reader's language.
AFTER_SALE_NOTICE_TEXT = _("After-sales for order %(sn)s (%(kind)s, ¥%(amount)s): %(stage)s")
CARD_SUBJECT = {
    "product": "title",
    "order": "order_sn",
    "order_notice": "order_sn",
    "after_sale_notice": "order_sn",
}
REMOVED = "removed"  # the preview of a conversation whose last message a moderator removed
REMOVED_TEXT = _("This message was removed by the platform.")


class Conversation(models.Model):
    """One buyer and one shop (客服会话), with each side's unread count."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("shop")
    )
    buyer = models.ForeignKey(
        "orders.Buyer",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("buyer"),
    )
    merchant_unread = models.PositiveIntegerField(_("unread by the shop"), default=0)
    buyer_unread = models.PositiveIntegerField(_("unread by the buyer"), default=0)
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)
    last_message_text = models.CharField(_("last message"), max_length=100, blank=True)
    # A MessageKind, or REMOVED: how the preview is worded (see preview()).
    last_message_kind = models.CharField(
        _("last message kind"), max_length=20, blank=True, default="text"
    )
    # Set when a buyer writes to a conversation nobody is answering; cleared by the reply.
    awaiting_reply_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "buyer"], name="conversation_once_per_pair")
        ]
        indexes = [
            models.Index(fields=["shop", "-last_message_at", "-id"], name="conversation_shop_idx"),
            models.Index(
                fields=["shop", "awaiting_reply_since"],
                condition=models.Q(awaiting_reply_since__isnull=False),
                name="conversation_waiting_idx",
            ),
            models.Index(  # the unread total (chat.selectors.list_unread_conversations)
                fields=["shop", "merchant_unread"],
                condition=models.Q(merchant_unread__gt=0),
                name="conversation_unread_idx",
            ),
        ]

    def __str__(self):
        return f"{self.shop_id} · {self.buyer_id}"

    def preview(self) -> str:
        """The last message as the conversation list shows it, in the reader's language."""
        if self.last_message_kind == REMOVED:
            return str(REMOVED_TEXT)
        template = CARD_TEXTS.get(self.last_message_kind)
        if template is None:
            return self.last_message_text
        return str(template) % {"text": self.last_message_text}


class SenderKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    MERCHANT = "merchant", _("Shop")
    SYSTEM = "system", _("System")


class MessageKind(models.TextChoices):
    TEXT = "text", _("Text")
    IMAGE = "image", _("Image")
    PRODUCT = "product", _("Product card")
    ORDER = "order", _("Order card")
    ORDER_NOTICE = "order_notice", _("New order notice")
    AFTER_SALE_NOTICE = "after_sale_notice", _("After-sales notice")


class MessageQuerySet(ShopScopedQuerySet):
    shop_field = "conversation__shop"


class Message(models.Model):
    """Saved before it is pushed: a socket that missed it fetches it again."""

    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    sender_kind = models.CharField(_("from"), max_length=10, choices=SenderKind.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=MessageKind.choices, default=MessageKind.TEXT
    )
    text = models.TextField(_("text"), blank=True)
    payload = models.JSONField(_("card"), default=dict, blank=True)
    is_flagged = models.BooleanField(_("flagged for moderation"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_conversation_idx")]

    def __str__(self):
        return f"{self.conversation_id} {self.sender_kind}: {self.text[:30]}"

    @property
    def subject(self) -> str:
        """What a card is about (a product's title, an order number), in no language: the
        conversation's preview keeps this. Other messages are their text."""
        key = CARD_SUBJECT.get(self.kind)
        return str((self.payload or {}).get(key, self.text)) if key else self.text

    def display_text(self) -> str:
        """The message as people read it: a card or a notice is worded from its payload
        in the reader's language (a message written by a person is its text)."""
        payload = self.payload or {}
        if self.kind == MessageKind.ORDER_NOTICE and "order_sn" in payload:
            return str(ORDER_NOTICE_TEXT) % {
                "sn": payload["order_sn"],
                "amount": payload.get("pay_amount", ""),
            }
        if self.kind == MessageKind.AFTER_SALE_NOTICE and "order_sn" in payload:
            return str(AFTER_SALE_NOTICE_TEXT) % {
                "sn": payload["order_sn"],
                "kind": choice_label(AfterSaleKind, payload.get("kind", "")),
                "amount": payload.get("amount", ""),
                "stage": choice_label(AfterSaleStage, payload.get("stage", "")),
            }
        if self.kind in CARD_TEXTS:
            return str(CARD_TEXTS[self.kind]) % {"text": self.subject}
        return self.text


class QuickPhrase(models.Model):
    """快捷短语 of a shop's customer service."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="quick_phrases", verbose_name=_("shop")
    )
    text = models.CharField(_("text"), max_length=200)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quick phrase")
        verbose_name_plural = _("quick phrases")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text


class ResponseTime(models.Model):
    """How long a buyer waited for the shop's first answer, once per waiting spell."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="response_times", verbose_name=_("shop")
    )
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="response_times",
        verbose_name=_("conversation"),
    )
    asked_at = models.DateTimeField(_("asked at"))
    answered_at = models.DateTimeField(_("answered at"))
    seconds = models.PositiveIntegerField(_("seconds"))

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("response time")
        verbose_name_plural = _("response times")
        indexes = [models.Index(fields=["shop", "asked_at"], name="response_shop_asked_idx")]

    def __str__(self):
        return f"{self.conversation_id} {self.seconds}s"


class SocketTicket(models.Model):
    """A one-time pass to open /ws/chat/ (`?ticket=`), issued to an authenticated API call:
    long-lived tokens never travel in URLs (proxy logs, browser history). Only the digest is
    stored; redeeming it is one conditional UPDATE, so it opens one socket at most."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("socket ticket")
        verbose_name_plural = _("socket tickets")
        indexes = [models.Index(fields=["expires_at"], name="socket_ticket_expiry_idx")]

    def __str__(self):
        return f"{self.user_id} {self.expires_at:%Y-%m-%d %H:%M:%S}"
