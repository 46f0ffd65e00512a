from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.celery import app as celery_app
from merchant.tasks import clear_expired_sessions_task
from tests.conftest import wait_for


def test_the_broker_is_redis_in_tests():
    assert celery_app.conf.broker_url.startswith("redis://")


def test_visibility_timeout_outlives_the_longest_task():
    transport = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert transport["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True


def test_a_task_round_trips_through_a_real_worker(celery_worker):
    expired = SessionStore()
    expired["shop"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    live = SessionStore()
    live.create()

    clear_expired_sessions_task.delay()

    def remaining():
        return set(Session.objects.values_list("session_key", flat=True))

    assert wait_for(lambda: remaining() == {live.session_key})


def test_receipt_income_and_withdrawal_submission_run_in_the_worker(celery_worker):
    from payouts.models import LedgerEntry, Withdrawal
    from payouts.services import request_withdrawal
    from tests.factories.merchant import MembershipFactory
    from tests.factories.payouts import bind_card, received_order

    membership = MembershipFactory()
    shop = membership.shop
    order = received_order(shop, price="2000.00")  # its receipt queues the income task

    assert wait_for(lambda: LedgerEntry.objects.filter(order=order, kind="order_income").exists())
    bind_card(shop, membership.user)
    withdrawal = request_withdrawal(shop=shop, amount="1000", requested_by=membership.user)

    assert wait_for(lambda: Withdrawal.objects.get(pk=withdrawal.pk).accepted_at is not None)
    assert Withdrawal.objects.get(pk=withdrawal.pk).bank_reference.startswith("SIM")
