"""Pushes to websocket groups (Channels), sent after the transaction that caused them
commits: a socket never hears of something that was rolled back. The channel layer being
down costs the push only; what it told of is saved, and pages read it when their socket is
back."""

import asyncio
import logging
import threading
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
        messages = list(build())

        def push():
            try:
                for group, message in messages:
                    async_to_sync(layer.group_send)(group, message)
            except (RedisError, OSError):
                logger.warning("channel layer unavailable: %s not pushed", what)

        if _loop_running():
            # Sync code called from a thread that runs an event loop (async_to_sync refuses
            # it): pushed from a thread of its own.
            thread = threading.Thread(target=push)
            thread.start()
            thread.join()
        else:
            push()

    transaction.on_commit(send)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
