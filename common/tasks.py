"""Queueing background work after commit, without ever failing the request that did it.

The database already holds what the task will act on (a withdrawal to submit, a
statement to build...). If the broker is unreachable when the transaction commits, the
request still answers (its data is committed) and the periodic sweep of each kind of work
finds the row and queues it again once the broker is back: nothing is lost.
"""

import logging

from celery.exceptions import BackendError
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    try:
        task.delay(*args)
    except (BrokerError, BackendError, RedisError, OSError):
        logger.warning("broker unavailable: %s%r left for its sweep", task.name, args)
        return False
    return True


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))
