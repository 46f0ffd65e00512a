"""The database connection dropped in the middle of a money movement (the server killed the
backend, as a failover or a restart does): the request gets a clean 503 and the database
holds nothing of the half-done withdrawal; a retry, with the same Idempotency-Key, works."""

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from merchant.services import issue_token
from payouts import services
from payouts.models import FundAccount, LedgerEntry, Withdrawal
from tests.factories.payouts import bind_card, give_balance

pytestmark = pytest.mark.django_db(transaction=True)


def kill_this_connection():
    """Terminate this thread's database backend from another connection."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def funded(shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "1500")


@pytest.fixture
def connection_dropped_after_the_withdrawal_row(monkeypatch):
    """The withdrawal row is written, then the connection dies before its ledger entry."""
    post = services._post

    def dropping(*args, **kwargs):
        kill_this_connection()
        return post(*args, **kwargs)

    monkeypatch.setattr(services, "_post", dropping)
    yield monkeypatch
    connection.close()


def state(shop):
    connection.close()  # the request's connection died; take a fresh one
    account = FundAccount.objects.get(shop=shop)
    return (
        account.available_amount,
        account.frozen_amount,
        LedgerEntry.objects.filter(account__shop=shop).count(),
        Withdrawal.objects.filter(shop=shop).count(),
    )


def test_the_api_answers_503_and_writes_nothing(
    shop, owner, funded, connection_dropped_after_the_withdrawal_row
):
    before = state(shop)
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=owner).key}")

    response = api.post(
        "/api/v1/payouts/withdrawals", {"amount": "1000.00"}, HTTP_IDEMPOTENCY_KEY="drill-1"
    )

    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"] == "5"
    assert state(shop) == before
    connection_dropped_after_the_withdrawal_row.undo()
    retry = api.post(
        "/api/v1/payouts/withdrawals", {"amount": "1000.00"}, HTTP_IDEMPOTENCY_KEY="drill-1"
    )
    assert retry.status_code == 201, retry.json()
    assert Withdrawal.objects.filter(shop=shop).count() == 1


def test_the_console_shows_a_503_page_and_writes_nothing(
    shop, owner, funded, connection_dropped_after_the_withdrawal_row
):
    before = state(shop)
    from django.test import Client

    console = Client(raise_request_exception=False)
    console.force_login(owner)

    page = console.post("/payouts/withdrawals/", {"amount": "1000.00"})

    assert page.status_code == 503
    assert "服务暂时不可用" in page.content.decode()
    assert state(shop) == before
