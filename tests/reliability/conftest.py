"""Fault drills run real processes (redis-server, Celery workers, uvicorn) on the test
database, so every drill commits its data (transactional tests)."""

import json
import os

import pytest

from config.celery import app as celery_app
from tests.processes import RedisServer

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def reset_connections():
    """Drop Celery's cached connection and producer pools, so the next publish connects to
    the broker configured now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis():
    """A redis-server of this test's own, which the test may stop and start."""
    server = RedisServer().start()
    yield server
    if server.process.poll() is None:
        server.stop()


def publish_to(url: str, **transport_options):
    """Make this test process queue its tasks on the broker at `url`."""
    original = celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options)
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {**original[1], **transport_options}
    reset_connections()

    def restore():
        celery_app.conf.broker_url, celery_app.conf.broker_transport_options = original
        reset_connections()

    return restore


@pytest.fixture
def broker_at_private_redis(private_redis):
    restore = publish_to(private_redis.url)
    yield private_redis
    restore()


@pytest.fixture
def broker_down():
    restore = publish_to(DEAD_REDIS, max_retries=0)
    yield
    restore()


@pytest.fixture
def drill_figures(request):
    """What a drill measured, for `make bench` (bench.drills sets DRILL_FIGURES to a file):
    `drill_figures(waited_s=0.4, ...)` adds one JSON line named after the test. Without
    DRILL_FIGURES (make test) the figures are only printed."""

    def record(**figures):
        line = json.dumps({"drill": request.node.name, **figures}, ensure_ascii=False)
        print(line)
        if os.environ.get("DRILL_FIGURES"):
            with open(os.environ["DRILL_FIGURES"], "a", encoding="utf-8") as out:
                out.write(line + "\n")

    return record
