"""Queueing background work after commit, without ever failing the request that did it.

The database already holds what the task will act on (a withdrawal to submit, a
statement to build...). If the broker is unreachable when the transaction commits, the
request still answers (its data is committed) and the periodic sweep of each kind of work
finds the row and queues it again once the broker is back: nothing is lost.
"""

import logging

from celery import current_app
from celery.exceptions import BackendError
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def enqueue(task: str, *args) -> bool:
    """Queue the task named `task` ("app.tasks.name"). Services name their tasks instead of
    importing them: the task module imports the services, never the reverse."""
    try:
        current_app.send_task(task, args=args, ignore_result=current_app.conf.task_ignore_result)
    except (BrokerError, BackendError, RedisError, OSError):
        logger.warning("broker unavailable: %s%r left for its sweep", task, args)
        return False
    return True


def enqueue_on_commit(task: str, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))
