"""Pushes to websocket groups (Channels), sent after the transaction that caused them
commits: a socket never hears of something that was rolled back. The channel layer being
down costs the push only; what it told of is saved, and pages read it when their socket is
back."""

import logging
from collections.abc import Callable, Iterable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def send_on_commit(build: Callable[[], Iterable[tuple[str, dict]]], *, what: str) -> None:
    """After commit, sends each `(group, message)` that `build()` returns then (so that it
    may read the committed data)."""

    def send():
        layer = get_channel_layer()
        try:
            for group, message in build():
                async_to_sync(layer.group_send)(group, message)
        except (RedisError, OSError):
            logger.warning("channel layer unavailable: %s not pushed", what)

    transaction.on_commit(send)
