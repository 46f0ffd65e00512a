"""Chat's answers to the events of the apps below it."""

from django.dispatch import receiver

from chat.services import close_sockets, post_after_sale_notice, post_order_notice, user_group
from merchant.signals import credentials_revoked
from orders.signals import after_sale_changed, order_paid


@receiver(credentials_revoked)
def close_user_sockets(sender, user, **kwargs):
    close_sockets(user_group(user.pk))


@receiver(order_paid)
def notice_order(sender, order, **kwargs):
    """A buyer who chats with the shop sees the order in the conversation at once."""
    post_order_notice(order)


@receiver(after_sale_changed)
def notice_after_sale(sender, after_sale, **kwargs):
    """The buyer and the shop see each after-sales step in their conversation."""
    post_after_sale_notice(after_sale)
