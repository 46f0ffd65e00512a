"""Chat's answers to merchant's events: open sockets follow memberships and credentials."""

from django.dispatch import receiver

from chat.services import close_sockets, member_group, user_group
from merchant.signals import credentials_revoked, membership_changed


@receiver(membership_changed)
def close_member_sockets(sender, membership, **kwargs):
    close_sockets(member_group(membership.pk))


@receiver(credentials_revoked)
def close_user_sockets(sender, user, **kwargs):
    close_sockets(user_group(user.pk))
