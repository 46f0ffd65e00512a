"""Platform admins settle withdrawals in Django admin: only with the explicit permission, only
as the bank answered, with a reason, and on the record. Attacks first, then the allowed path."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib import admin as django_admin
from django.utils import timezone

from payouts import services
from payouts.models import FundAccount, LedgerEntry, Withdrawal, WithdrawalEvent
from tests.factories.merchant import staff_client
from tests.factories.payouts import FAILING_CARD, bind_card, give_balance

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/payouts/withdrawal/"


def accepted_withdrawal(shop, owner, card_no=None):
    """A withdrawal the simulated bank has accepted (银行受理完成)."""
    if card_no:
        bind_card(shop, owner, card_no=card_no)
    else:
        bind_card(shop, owner)
    give_balance(shop, "5000")
    withdrawal = services.request_withdrawal(shop=shop, amount="1000", requested_by=owner)
    return services.submit_withdrawal(withdrawal=withdrawal)


def state(shop, withdrawal):
    withdrawal.refresh_from_db()
    account = FundAccount.objects.get(shop=shop)
    return (
        withdrawal.status,
        account.available_amount,
        account.frozen_amount,
        LedgerEntry.objects.count(),
        WithdrawalEvent.objects.filter(kind__in=["succeeded", "failed"]).count(),
    )


def test_view_only_staff_cannot_mark_a_withdrawal_failed(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner)
    client, _user = staff_client("view_withdrawal")
    before = state(shop, withdrawal)

    listing = client.get(CHANGELIST)
    client.post(
        CHANGELIST,
        {"action": "mark_failed", "_selected_action": [withdrawal.pk], "apply": "1", "reason": "x"},
    )

    assert listing.status_code == 200
    assert b"mark_failed" not in listing.content
    assert state(shop, withdrawal) == before


def test_change_permission_alone_does_not_settle(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner, card_no=FAILING_CARD)
    client, _user = staff_client("view_withdrawal", "change_withdrawal")
    before = state(shop, withdrawal)

    client.post(
        CHANGELIST,
        {"action": "mark_failed", "_selected_action": [withdrawal.pk], "apply": "1", "reason": "x"},
    )

    assert state(shop, withdrawal) == before


def test_a_withdrawal_the_bank_accepted_cannot_be_marked_failed(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner)  # the bank is paying it out
    client, _user = staff_client("view_withdrawal", "settle_withdrawal")
    before = state(shop, withdrawal)

    response = client.post(
        CHANGELIST,
        {
            "action": "mark_failed",
            "_selected_action": [withdrawal.pk],
            "apply": "1",
            "reason": "商家来电说没收到",
        },
        follow=True,
    )

    assert state(shop, withdrawal) == before
    assert "银行" in response.content.decode()  # the refusal names the bank's answer


def test_settling_asks_for_a_reason_first(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner, card_no=FAILING_CARD)
    client, _user = staff_client("view_withdrawal", "settle_withdrawal")
    before = state(shop, withdrawal)

    page = client.post(CHANGELIST, {"action": "mark_failed", "_selected_action": [withdrawal.pk]})
    blank = client.post(
        CHANGELIST,
        {"action": "mark_failed", "_selected_action": [withdrawal.pk], "apply": "1", "reason": " "},
    )

    assert page.status_code == 200
    assert b'name="reason"' in page.content
    assert blank.status_code == 200  # the form again, with its error
    assert state(shop, withdrawal) == before


def test_a_refused_withdrawal_is_marked_failed_with_who_when_and_why(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner, card_no=FAILING_CARD)
    client, admin_user = staff_client("view_withdrawal", "settle_withdrawal")

    client.post(
        CHANGELIST,
        {
            "action": "mark_failed",
            "_selected_action": [withdrawal.pk],
            "apply": "1",
            "reason": "银行退票通知 2026-12-02",
        },
    )

    withdrawal.refresh_from_db()
    event = withdrawal.events.get(kind="failed")
    assert withdrawal.status == "failed"
    assert withdrawal.failure_reason == "收款账户状态异常，银行退回"  # the bank's words
    assert (event.actor, event.reason, event.bank_status) == (
        admin_user,
        "银行退票通知 2026-12-02",
        "failed",
    )
    assert timezone.now() - event.created_at < timedelta(minutes=1)
    assert FundAccount.objects.get(shop=shop).frozen_amount == Decimal("0.00")


def test_marking_arrived_needs_the_bank_to_say_so(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner)
    client, _user = staff_client("view_withdrawal", "settle_withdrawal")
    data = {"action": "mark_succeeded", "_selected_action": [withdrawal.pk], "apply": "1"}
    before = state(shop, withdrawal)

    client.post(CHANGELIST, {**data, "reason": "提前标记"})
    refused = state(shop, withdrawal)
    Withdrawal.objects.filter(pk=withdrawal.pk).update(
        expected_arrival=timezone.localdate() - timedelta(days=1)  # the bank has now paid
    )
    client.post(CHANGELIST, {**data, "reason": "银行回单已核对"})

    assert refused == before
    withdrawal.refresh_from_db()
    assert withdrawal.status == "succeeded"
    assert withdrawal.events.get(kind="succeeded").reason == "银行回单已核对"


def test_the_automatic_path_records_the_banks_answer_without_an_actor(shop, owner):
    withdrawal = accepted_withdrawal(shop, owner, card_no=FAILING_CARD)

    services.poll_withdrawals()

    assert list(withdrawal.events.values_list("kind", "actor", "bank_status")) == [
        ("requested", owner.pk, ""),
        ("accepted", None, "processing"),
        ("failed", None, "failed"),
    ]


def test_every_admin_action_needs_a_permission_beyond_view():
    """The whole class: an admin action declared without `permissions` is offered to anyone
    who can open the list, view-only staff included."""
    missing = []
    for model, model_admin in django_admin.site._registry.items():
        for action in model_admin.actions or []:
            function = getattr(model_admin, action) if isinstance(action, str) else action
            needed = set(getattr(function, "allowed_permissions", ()))
            if not needed or needed <= {"view"}:
                missing.append(f"{model._meta.label}.{getattr(function, '__name__', action)}")
    assert missing == []
