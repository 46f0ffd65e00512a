"""The client's address behind our proxy (docker-compose.yml's nginx, PROXY_COUNT=1) and
without one: what login lockouts, rate limits and the bank-card audit count by."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from common.http import client_ip
from tests.factories.merchant import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def request(forwarded=None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, headers=headers)


def test_without_a_proxy_the_forwarded_header_is_the_clients_claim_and_ignored(settings):
    settings.PROXY_COUNT = 0

    assert client_ip(request("1.2.3.4")) == PROXY


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(settings):
    settings.PROXY_COUNT = 1

    assert client_ip(request("1.2.3.4")) == "1.2.3.4"
    assert client_ip(request("6.6.6.6, 1.2.3.4")) == "1.2.3.4"
    assert client_ip(request()) == PROXY


def login(address, username, password):
    return APIClient(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address).post(
        "/api/v1/auth/token", {"username": username, "password": password}
    )


def test_behind_the_proxy_a_lockout_holds_one_client_not_everyone(settings, owner):
    settings.PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login("203.0.113.7", owner.username, "guess")

    attacker = login("203.0.113.7", owner.username, PASSWORD)
    attacker_spoofing = APIClient(
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    ).post("/api/v1/auth/token", {"username": owner.username, "password": PASSWORD})
    owner_elsewhere = login("198.51.100.9", owner.username, PASSWORD)

    assert attacker.status_code == 429
    assert attacker_spoofing.status_code == 429
    assert owner_elsewhere.status_code == 200
