"""Chat's answer to merchant's event: open sockets end with the credentials behind them."""

from django.dispatch import receiver

from chat.services import close_sockets, user_group
from merchant.signals import credentials_revoked


@receiver(credentials_revoked)
def close_user_sockets(sender, user, **kwargs):
    close_sockets(user_group(user.pk))
