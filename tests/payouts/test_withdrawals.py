import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from merchant.models import Role
from payouts import services
from payouts.models import BankCard, BankCardAudit, FundAccount, LedgerEntry, Withdrawal
from tests.conftest import staff_of, token_client
from tests.factories.merchant import MembershipFactory
from tests.factories.payouts import FAILING_CARD, VALID_CARD, VALID_CARD_19, bind_card, give_balance

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def funded(shop, owner):
    """A shop with a card and ¥600,000 or a little more available."""
    bind_card(shop, owner)
    give_balance(shop, "600000")
    return shop


def withdraw(client, amount, **headers):
    return client.post("/api/v1/payouts/withdrawals", {"amount": amount}, headers=headers)


def balances(shop):
    account = FundAccount.objects.get(shop=shop)
    return account.available_amount, account.frozen_amount


def test_without_a_card_the_first_refusal_is_the_card(owner_api, shop):
    give_balance(shop, "5000")

    response = withdraw(owner_api, "999.99")

    assert response.status_code == 400
    assert response.json()["code"] == "bank_card_required"


@pytest.mark.parametrize(
    ("amount", "status", "code"),
    [
        ("999.99", 400, "withdrawal_below_minimum"),
        ("1000.00", 201, None),
        ("500000.00", 201, None),
        ("500000.01", 400, "withdrawal_above_maximum"),
    ],
)
def test_limits_at_their_edges(owner_api, funded, amount, status, code):
    before, _frozen = balances(funded)

    response = withdraw(owner_api, amount)

    assert response.status_code == status
    if code:
        assert response.json()["code"] == code
        assert balances(funded) == (before, Decimal("0"))
        assert not Withdrawal.objects.exists()
    else:
        body = response.json()
        assert (body["amount"], body["status"]) == (amount, "processing")
        assert balances(funded) == (before - Decimal(amount), Decimal(amount))


def test_amount_moves_to_frozen_with_a_ledger_entry(owner_api, funded):
    available, _ = balances(funded)

    withdraw(owner_api, "1234.56")

    entry = LedgerEntry.objects.get(kind="withdrawal")
    assert (entry.available_delta, entry.frozen_delta) == (Decimal("-1234.56"), Decimal("1234.56"))
    assert (entry.available_after, entry.frozen_after) == (
        available - Decimal("1234.56"),
        Decimal("1234.56"),
    )
    ledger = owner_api.get("/api/v1/payouts/ledger").json()["results"]
    assert ledger[0]["kind"] == "withdrawal"
    assert ledger[0]["amount"] == "-1234.56"
    assert ledger[0]["ref"] == f"withdrawal:{entry.withdrawal_id}"


def test_more_than_the_balance_is_refused(owner_api, shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "1500")

    response = withdraw(owner_api, "5000.00")

    assert response.json()["code"] == "insufficient_balance"
    assert not Withdrawal.objects.exists()


def test_second_withdrawal_on_same_day_is_refused(owner_api, funded):
    withdraw(owner_api, "1000.00")

    second = withdraw(owner_api, "2000.00")

    assert second.status_code == 400
    assert second.json()["code"] == "withdrawal_daily_limit"
    assert Withdrawal.objects.count() == 1


def test_the_day_turns_at_midnight_shanghai_time(funded, owner, monkeypatch):
    def at(text):
        moment = datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    BankCard.objects.filter(shop=funded).update(bound_at=datetime(2026, 11, 1, tzinfo=SHANGHAI))
    at("2026-11-25T23:59:58")
    services.request_withdrawal(shop=funded, amount="1000", requested_by=owner)
    at("2026-11-25T23:59:59")
    with pytest.raises(services.exceptions.WithdrawalDailyLimit):
        services.request_withdrawal(shop=funded, amount="1000", requested_by=owner)
    at("2026-11-26T00:00:00")
    late = services.request_withdrawal(shop=funded, amount="1000", requested_by=owner)

    assert late.requested_on == date(2026, 11, 26)
    assert list(Withdrawal.objects.order_by("id").values_list("requested_on", flat=True)) == [
        date(2026, 11, 25),
        date(2026, 11, 26),
    ]


def test_expected_arrival_counts_working_days_across_national_day():
    # 2026-10-01..07 are holidays, 2026-10-10 (a Saturday) is a make-up working day.
    assert services.expected_arrival_range(date(2026, 9, 30)) == (
        date(2026, 10, 9),
        date(2026, 10, 12),
    )
    assert services.expected_arrival_range(date(2026, 11, 25)) == (
        date(2026, 11, 27),
        date(2026, 12, 1),
    )


def test_same_key_replays_the_first_answer_and_creates_nothing(owner_api, funded):
    first = withdraw(owner_api, "1000.00", **{"Idempotency-Key": "abc-1"})
    replay = withdraw(owner_api, "1000.00", **{"Idempotency-Key": "abc-1"})

    assert first.status_code == replay.status_code == 201
    assert first.json() == replay.json()
    assert Withdrawal.objects.count() == 1


def test_same_key_with_another_body_is_refused(owner_api, funded):
    withdraw(owner_api, "1000.00", **{"Idempotency-Key": "abc-2"})

    other = withdraw(owner_api, "2000.00", **{"Idempotency-Key": "abc-2"})

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_mismatch"
    assert Withdrawal.objects.count() == 1


def test_a_refusal_is_replayed_too(owner_api, funded):
    first = withdraw(owner_api, "999.99", **{"Idempotency-Key": "abc-3"})
    replay = withdraw(owner_api, "999.99", **{"Idempotency-Key": "abc-3"})

    assert first.status_code == replay.status_code == 400
    assert replay.json()["code"] == "withdrawal_below_minimum"


def test_failure_returns_the_money_with_a_reversal(owner_api, funded):
    available, _ = balances(funded)
    withdrawal = services.request_withdrawal(
        shop=funded, amount="3000", requested_by=funded.memberships.get().user
    )

    services.mark_withdrawal_failed(withdrawal=withdrawal, reason="账户已冻结")

    assert balances(funded) == (available, Decimal("0"))
    reversal = LedgerEntry.objects.get(kind="withdrawal_reversal")
    assert (reversal.available_delta, reversal.frozen_delta) == (
        Decimal("3000.00"),
        Decimal("-3000.00"),
    )
    body = owner_api.get(f"/api/v1/payouts/withdrawals/{withdrawal.pk}").json()
    assert (body["status"], body["failure_reason"]) == ("failed", "账户已冻结")
    call_command("verify_ledgers")


def test_success_takes_the_frozen_amount_out(funded, owner):
    available, _ = balances(funded)
    withdrawal = services.request_withdrawal(shop=funded, amount="3000", requested_by=owner)

    services.mark_withdrawal_succeeded(withdrawal=withdrawal)

    assert balances(funded) == (available - Decimal("3000"), Decimal("0"))
    with pytest.raises(services.exceptions.WithdrawalNotProcessing):
        services.mark_withdrawal_failed(withdrawal=withdrawal, reason="x")
    call_command("verify_ledgers")


def test_the_simulated_bank_pays_on_the_expected_day_and_refuses_its_failing_card(
    shop, owner, other_shop, other_membership, monkeypatch
):
    bind_card(shop, owner)
    give_balance(shop, "2000")
    bind_card(other_shop, other_membership.user, card_no=FAILING_CARD)
    give_balance(other_shop, "2000")
    paid = services.submit_withdrawal(
        withdrawal=services.request_withdrawal(shop=shop, amount="1000", requested_by=owner)
    )
    refused = services.submit_withdrawal(
        withdrawal=services.request_withdrawal(
            shop=other_shop, amount="1000", requested_by=other_membership.user
        )
    )
    assert paid.bank_reference and paid.accepted_at

    assert services.poll_withdrawals() == 1  # the refusal comes at once, the payment not yet
    later = datetime.combine(paid.expected_arrival, datetime.min.time()).replace(tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert services.poll_withdrawals() == 1

    paid.refresh_from_db()
    refused.refresh_from_db()
    assert (paid.status, refused.status) == ("succeeded", "failed")
    assert refused.failure_reason == "收款账户状态异常，银行退回"


def test_bank_card_is_validated_masked_encrypted_and_audited(owner_api, shop, owner):
    wrong_password = owner_api.put(
        "/api/v1/payouts/bank-card",
        {"holder_name": "张三", "bank_name": "CMB", "card_no": VALID_CARD, "password": "nope"},
    )
    bad_luhn = owner_api.put(
        "/api/v1/payouts/bank-card",
        {
            "holder_name": "张三",
            "bank_name": "CMB",
            "card_no": "6222021234567890",
            "password": "correct-horse-battery",
        },
    )
    good = owner_api.put(
        "/api/v1/payouts/bank-card",
        {
            "holder_name": "张三",
            "bank_name": "CMB",
            "card_no": f"{VALID_CARD_19[:4]} {VALID_CARD_19[4:]}",
            "password": "correct-horse-battery",
        },
    )

    assert wrong_password.json()["code"] == "wrong_password"
    assert bad_luhn.json()["code"] == "invalid_card_no"
    assert good.status_code == 200
    assert good.json()["card_no_masked"] == "**** **** **** 0128"
    assert VALID_CARD_19 not in str(good.json())
    card = BankCard.objects.get(shop=shop)
    assert VALID_CARD_19 not in card.card_no_encrypted
    assert services.crypto.decrypt(card.card_no_encrypted) == VALID_CARD_19
    assert list(BankCardAudit.objects.values_list("action", "card_last4")) == [("bind", "0128")]


@pytest.mark.parametrize("role", [Role.OPERATIONS, Role.CUSTOMER_SERVICE])
def test_only_owner_and_finance_reach_the_fund_account(funded, role):
    client = token_client(staff_of(funded, role))

    assert client.get("/api/v1/payouts/account").status_code == 403
    assert withdraw(client, "1000.00").status_code == 403
    assert not Withdrawal.objects.exists()


def test_finance_withdraws(funded):
    finance = token_client(staff_of(funded, Role.FINANCE))

    assert withdraw(finance, "1000.00").status_code == 201


def test_another_shops_withdrawal_is_404(other_owner_api, funded, owner):
    withdrawal = services.request_withdrawal(shop=funded, amount="1000", requested_by=owner)

    assert other_owner_api.get(f"/api/v1/payouts/withdrawals/{withdrawal.pk}").status_code == 404
    assert other_owner_api.get("/api/v1/payouts/withdrawals").json()["results"] == []


def test_account_api_answers_the_balances(owner_api, funded):
    body = owner_api.get("/api/v1/payouts/account").json()

    assert set(body) == {
        "available_balance",
        "frozen_balance",
        "after_sale_hold",
        "withdrawable_balance",
    }
    assert body["frozen_balance"] == "0.00"


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_withdrawals_make_exactly_one():
    membership = MembershipFactory()
    shop, owner = membership.shop, membership.user
    bind_card(shop, owner)
    give_balance(shop, "100000")
    start = threading.Barrier(50)

    def attempt(_):
        start.wait()
        try:
            services.request_withdrawal(shop=shop, amount="1000", requested_by=owner)
            return "ok"
        except services.exceptions.WithdrawalDailyLimit:
            return "withdrawal_daily_limit"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(attempt, range(50)))

    assert results.count("ok") == 1
    assert results.count("withdrawal_daily_limit") == 49
    assert Withdrawal.objects.count() == 1
    assert FundAccount.objects.get(shop=shop).frozen_amount == Decimal("1000.00")
    call_command("verify_ledgers")


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_replays_of_one_key_make_one_withdrawal():
    membership = MembershipFactory()
    bind_card(membership.shop, membership.user)
    give_balance(membership.shop, "5000")
    start = threading.Barrier(10)

    def replay(_):
        client = token_client(membership.user)
        start.wait()
        try:
            response = withdraw(client, "1000.00", **{"Idempotency-Key": "same-key"})
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(replay, range(10)))

    assert {status for status, _body in answers} == {201}
    assert len({body["id"] for _status, body in answers}) == 1
    assert Withdrawal.objects.count() == 1


@pytest.mark.parametrize(
    "bank_name", ["中国工商银行", "ICBC", "icbc", "Industrial and Commercial Bank of China"]
)
def test_the_bank_is_given_by_its_name_or_its_code(owner_api, shop, bank_name):
    answer = owner_api.put(
        "/api/v1/payouts/bank-card",
        {
            "holder_name": "张三",
            "bank_name": bank_name,
            "card_no": VALID_CARD,
            "password": "correct-horse-battery",
        },
    )

    assert answer.status_code == 200, answer.json()
    assert (answer.json()["bank_name"], answer.json()["bank_code"]) == ("中国工商银行", "ICBC")


def test_an_unknown_bank_is_a_field_error(owner_api, shop):
    answer = owner_api.put(
        "/api/v1/payouts/bank-card",
        {"holder_name": "张三", "bank_name": "火星银行", "card_no": VALID_CARD, "password": "x"},
    )

    assert (answer.status_code, list(answer.json()["fields"])) == (400, ["bank_name"])
