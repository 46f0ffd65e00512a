"""Merchant's answers to its own events."""

from django.dispatch import receiver

from merchant import services
from merchant.signals import credentials_revoked


@receiver(credentials_revoked)
def close_notification_sockets(sender, user, **kwargs):
    services.close_notification_sockets(user=user)
