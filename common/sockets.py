"""Pushes to websocket groups (Channels), sent after the transaction that caused them
commits: a socket never hears of something that was rolled back. The channel layer being
down costs the push only; what it told of is saved, and pages read it when their socket is
back."""

import asyncio
import concurrent.futures
import logging
import os
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PUSH_TIMEOUT = 5  # seconds a request waits for the channel layer before giving the push up


def send_on_commit(build: Callable[[], Iterable[tuple[str, dict]]], *, what: str) -> None:
    """After commit, sends each `(group, message)` that `build()` returns then (so that it
    may read the committed data)."""

    def send():
        messages = list(build())
        kept = getattr(_kept, "pushes", None)
        if kept is not None:
            kept.extend(messages)
            return
        try:
            _send_all(get_channel_layer(), messages)
        except (RedisError, OSError, concurrent.futures.TimeoutError):
            logger.warning("channel layer unavailable: %s not pushed", what)

    transaction.on_commit(send)


_kept = threading.local()


@contextmanager
def pushes_kept():
    """Within it, the pushes of what commits are kept in the list it gives instead of sent:
    for a consumer, which sends them on its own loop (`await send_kept(pushes)`) once its
    database work is done, rather than holding the process's one sync thread (where every
    socket's database work waits its turn) for the trips to the channel layer."""
    _kept.pushes = []
    try:
        yield _kept.pushes
    finally:
        _kept.pushes = None


async def send_kept(pushes: list[tuple[str, dict]]) -> None:
    try:
        await _group_send_all(get_channel_layer(), pushes)
    except (RedisError, OSError):
        logger.warning("channel layer unavailable: %d pushes not sent", len(pushes))


async def _group_send_all(layer, messages: list[tuple[str, dict]]) -> None:
    for group, message in messages:
        await layer.group_send(group, message)


def _send_all(layer, messages: list[tuple[str, dict]]) -> None:
    if not isinstance(layer, InMemoryChannelLayer) and not _in_async_server():
        # A shared layer (Redis) from a sync process (gunicorn's and Celery's workers):
        # sent from this process's push loop, which keeps its connections open, instead of
        # a new event loop, thread and connection per push (what async_to_sync does there).
        future = asyncio.run_coroutine_threadsafe(_group_send_all(layer, messages), _push_loop())
        future.result(timeout=PUSH_TIMEOUT)
    elif _loop_running():
        # The in-process layer lives on the loop that serves the sockets (async_to_sync
        # finds it); sync code called from a thread that runs a loop of its own (which
        # async_to_sync refuses) sends from a thread of its own.
        failed = []

        def push():
            try:
                async_to_sync(_group_send_all)(layer, messages)
            except Exception as error:  # noqa: BLE001  (raised again in this thread)
                failed.append(error)

        thread = threading.Thread(target=push)
        thread.start()
        thread.join()
        if failed:
            raise failed[0]
    else:
        async_to_sync(_group_send_all)(layer, messages)


_loop: asyncio.AbstractEventLoop | None = None
_loop_pid: int | None = None
_loop_lock = threading.Lock()


def _push_loop() -> asyncio.AbstractEventLoop:
    """An event loop running in a daemon thread, one per process (started again in a
    forked child, which inherits the parent's loop but not its thread)."""
    global _loop, _loop_pid
    with _loop_lock:
        if _loop is None or _loop_pid != os.getpid():
            _loop, _loop_pid = asyncio.new_event_loop(), os.getpid()
            threading.Thread(target=_loop.run_forever, name="socket-pushes", daemon=True).start()
        return _loop


def _in_async_server() -> bool:
    """Called from a thread of an ASGI server's sync work (a view, database_sync_to_async),
    whose own loop async_to_sync sends on."""
    return getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) == os.getpid()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
