"""Bounded API fuzzing with schemathesis: every operation of /api/schema/, as a merchant
owner, a manufacturer and a buyer, through the real WSGI application on Postgres. No 5xx,
and every answer matches the schema (status code, body, content type)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from merchant.services import issue_token
from tests.factories.dropship import make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


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
    max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@FUZZ
def test_as_a_merchant(case, merchant_token):
    case.call_and_validate(headers={"Authorization": f"Token {merchant_token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_a_manufacturer(case, manufacturer_token):
    case.call_and_validate(headers={"Authorization": f"Token {manufacturer_token}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_a_buyer(case, buyer_token):
    case.call_and_validate(headers={"Authorization": f"Token {buyer_token}"}, checks=CHECKS)
