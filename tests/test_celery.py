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


def test_the_platform_acts_on_a_passed_deadline_in_the_worker(celery_worker):
    """The beat's expire-after-sales entry, run by a real worker: an after-sale whose
    merchant let 48 hours pass is refunded by the platform."""
    from orders.models import AfterSale
    from orders.services import open_after_sale, ship_order
    from orders.tasks import expire_after_sales_task
    from tests.factories.merchant import MembershipFactory
    from tests.factories.orders import BuyerFactory, place
    from tests.factories.products import make_product

    entry = settings.CELERY_BEAT_SCHEDULE["expire-after-sales"]
    assert entry["task"] == expire_after_sales_task.name
    order = place(BuyerFactory(), make_product(MembershipFactory().shop).skus.get())
    ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    after_sale = open_after_sale(order=order, buyer=order.buyer, reason="少件", amount="1.00")
    AfterSale.objects.filter(pk=after_sale.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )

    expire_after_sales_task.delay()

    assert wait_for(lambda: AfterSale.objects.get(pk=after_sale.pk).stage == "refunded")
