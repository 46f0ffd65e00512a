"""Redis down: the API still answers, money actions still commit, and the work they queue
is picked up by the sweeps once the broker is back."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from payouts import services as payouts
from payouts.models import Withdrawal
from tests.factories.payouts import bind_card, give_balance
from tests.reliability.conftest import DEAD_REDIS


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_commits_without_the_broker_and_is_submitted_by_the_sweep(
    owner_api, shop, owner, broker_down
):
    bind_card(shop, owner)
    give_balance(shop, "1500")

    response = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"})

    assert response.status_code == 201
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.bank_reference == ""  # the submission task could not be queued
    later = timezone.now() + timedelta(minutes=2)
    with pytest.MonkeyPatch.context() as clock:
        clock.setattr(timezone, "now", lambda: later)
        payouts.poll_withdrawals()
    withdrawal.refresh_from_db()
    assert withdrawal.bank_reference.startswith("SIM")


@pytest.mark.django_db
def test_the_api_answers_while_the_cache_is_down(owner_api, shop):
    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
        }
    }
    with override_settings(CACHES=dead_cache):
        shop_answer = owner_api.get("/api/v1/shop")
        orders_answer = owner_api.get("/api/v1/orders")

    assert shop_answer.status_code == 200
    assert orders_answer.status_code == 200
