import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from merchant.models import Role
from merchant.services import issue_token
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory

# The slow families, by folder: `make test-fast` leaves them out (`make test` runs them all).
SLOW_FOLDERS = {"e2e": pytest.mark.e2e, "fuzz": pytest.mark.fuzz, "reliability": pytest.mark.drill}


def pytest_collection_modifyitems(items):
    for item in items:
        folder = item.path.parent.name
        if folder in SLOW_FOLDERS:
            item.add_marker(SLOW_FOLDERS[folder])


@pytest.fixture(scope="session", autouse=True)
def _remove_media_afterwards():
    """The run's files live in a temporary MEDIA_ROOT (config/settings/test.py)."""
    import shutil
    import tempfile

    from django.conf import settings

    yield
    if str(settings.MEDIA_ROOT).startswith(tempfile.gettempdir()):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _default_language():
    """A request through the test client leaves its language active in the test's thread
    (the middleware activates it for the response it renders, as Django's LocaleMiddleware
    does): each test starts in the product's default, as a worker process does, whatever
    the test before it asked for."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Throttle counters and the like live in the shared Redis cache: start each test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner_membership(db):
    return MembershipFactory(role=Role.OWNER)


@pytest.fixture
def shop(owner_membership):
    return owner_membership.shop


@pytest.fixture
def owner(owner_membership):
    return owner_membership.user


@pytest.fixture
def other_membership(db):
    return MembershipFactory(role=Role.OWNER)


@pytest.fixture
def other_shop(other_membership):
    return other_membership.shop


def staff_of(shop, role):
    return MembershipFactory(shop=shop, role=role).user


@pytest.fixture
def owner_client(owner):
    client = Client()
    client.force_login(owner)
    return client


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user).key}")
    return client


@pytest.fixture
def anonymous_api():
    return APIClient()


@pytest.fixture
def owner_api(owner):
    return token_client(owner)


@pytest.fixture
def other_owner_api(other_membership):
    return token_client(other_membership.user)


@pytest.fixture
def buyer(db):
    return BuyerFactory()


@pytest.fixture
def buyer_api(buyer):
    return token_client(buyer.user)


@pytest.fixture
def celery_worker(transactional_db):
    """A real worker thread consuming from the Redis broker, as production does."""
    from celery.contrib.testing.tasks import ping  # start_worker waits for its answer
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    ping.ignore_result = False  # the product's tasks keep no result; this one must
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=True, shutdown_timeout=30):
        yield


def wait_for(condition, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
