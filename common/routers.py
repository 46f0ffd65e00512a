"""Reads that may lag go to the read replica; everything else to the primary.

Only code inside `replica_reads()` reads from the replica (`DATABASES["replica"]`, from
DATABASE_REPLICA_URL): the rows of a statement or an export, which tolerate a few seconds
of lag. Everything else, every request included, reads the primary, so nobody reads their
own writes from a copy that has not received them yet; and a `replica_reads()` block that
writes reads the primary from then on. Without a replica configured it changes nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reads_from_replica: ContextVar[bool] = ContextVar("reads_from_replica", default=False)


@contextmanager
def replica_reads():
    """Reads inside the block go to the replica, if there is one, until the block writes."""
    token = _reads_from_replica.set(REPLICA in settings.DATABASES)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


def primary(function, *args, **kwargs):
    """`function` run with its reads on the primary, inside a `replica_reads()` block."""
    token = _reads_from_replica.set(False)
    try:
        return function(*args, **kwargs)
    finally:
        _reads_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _reads_from_replica.get() else "default"

    def db_for_write(self, model, **hints):
        _reads_from_replica.set(False)  # its own writes are on the primary only
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
