"""Bounded API fuzzing with schemathesis: every operation of /api/schema/, as a merchant
owner, a manufacturer and a buyer, through the real WSGI application on Postgres, with
every default check of schemathesis (no 5xx, answers match the schema, invalid input is
refused, undocumented methods answer 405, ...) and ours: every 4xx carries the
`{"code", "detail"}` body. `derandomize` fixes the seed: a run repeats exactly.
`make fuzz` runs the same tests with more examples (FUZZ_EXAMPLES)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application
from merchant.services import authenticate_token, issue_token
from tests.factories.dropship import make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory


@schemathesis.check
def error_body(ctx, response, case):
    """A refusal says what went wrong in the contract's shape: `{"code", "detail"}`."""
    if 400 <= response.status_code < 500:
        body = response.json()
        assert isinstance(body, dict), f"{response.status_code} body is not an object"
        assert body.get("code") and body.get("detail"), f"{response.status_code} body: {body}"


# positive_data_acceptance expects every schema-valid body to be accepted; business rules
# refuse many on purpose (a weak password, ¥999 withdrawals, a second one the same day,
# out of stock), with a 4xx that `error_body` checks instead.
CHECKS = {"additional_checks": [error_body], "excluded_checks": [positive_data_acceptance]}


# What a run covered, for the line `make fuzz` prints at the end (tests/fuzz/conftest.py).
RUN = {"operations": set(), "cases": 0, "requests": 0}


def counted_application(environ, start_response):
    RUN["requests"] += 1
    return application(environ, start_response)


schema = schemathesis.openapi.from_wsgi("/api/schema/", counted_application)


# Operations that end the token they are called with: each call gets a token of its own,
# so that the rest of the run keeps the role's.
SELF_REVOKING = {"/api/v1/auth/logout", "/api/v1/auth/tokens/{token_id}"}


def call_and_validate(case, token):
    RUN["operations"].add(case.operation.label)
    RUN["cases"] += 1
    if case.operation.path in SELF_REVOKING:
        token = issue_token(user=authenticate_token(token).user).key
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, **CHECKS)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db):
    """Like Django's test client: the WSGI handler must not close the test's connection
    (and its transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def merchant_token(db):
    return issue_token(user=make_merchant().user).key


@pytest.fixture
def manufacturer_token(db):
    return issue_token(user=make_manufacturer().user).key


@pytest.fixture
def buyer_token(db):
    return issue_token(user=BuyerFactory().user).key


FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "4")),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@FUZZ
def test_as_a_merchant(case, merchant_token):
    call_and_validate(case, merchant_token)


@schema.parametrize()
@FUZZ
def test_as_a_manufacturer(case, manufacturer_token):
    call_and_validate(case, manufacturer_token)


@schema.parametrize()
@FUZZ
def test_as_a_buyer(case, buyer_token):
    call_and_validate(case, buyer_token)
