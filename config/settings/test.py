"""Tests run on Postgres and Redis (the services on localhost), only made faster here."""

import os
import tempfile

# Uploaded and generated files of one test run, shared with the worker and server processes
# the run starts (they inherit the environment).
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="merchant-console-test-media-"))
os.environ.setdefault("REDIS_URL", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"))

# Under pytest-xdist (make test-fast) each worker process gwN has its own test database
# (pytest-django adds the suffix), its own Redis database (the run's number minus N: cache,
# broker and channel layer) and its own media folder, so that no worker clears, purges or
# removes what another one uses. Workers inherit the controller's environment: derive.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER.startswith("gw") and not os.environ.get("XDIST_SETTINGS_DERIVED"):
    worker_number = int(XDIST_WORKER[2:])
    server, _slash, number = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{server}/{int(number) - worker_number}"
    os.environ["MEDIA_ROOT"] = os.path.join(os.environ["MEDIA_ROOT"], XDIST_WORKER)
    os.environ["XDIST_SETTINGS_DERIVED"] = "1"  # once per process, whatever reloads this
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/merchant_console"),
)

from .base import *  # noqa: E402, F403
from .base import REST_FRAMEWORK  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No pool in the test process: its threads (the parallel-request drills) each open their
# own connection, 50 at once. The servers and workers the drills start use the pool.
DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES["default"]["KEY_PREFIX"] = "mc-test"  # noqa: F405
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min", "auth": "10000/min"},
}
WHITENOISE_USE_FINDERS = True  # the ASGI server of the browser tests serves uncollected files
# ... looked up when asked for: WhiteNoise otherwise lists every static file (about 900) each
# time its middleware is built, which the test client does for every Client; that was 170 ms
# of each test that made one (17 of the authorization matrix's 18.5 s of calls).
WHITENOISE_AUTOREFRESH = True
