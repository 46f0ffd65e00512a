"""Attacks on the shop's money, each tried first and shown refused with nothing changed:
open refunds held back from withdrawals, the card that belongs to the owner, new cards that
wait, withdrawals that keep their card, ASCII-only card numbers, and password checks that
count toward the login lockout."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from merchant.models import Notification, Role
from orders import services as orders
from payouts import selectors, services
from payouts.models import BankCard, BankCardAudit, FundAccount, Withdrawal
from tests.conftest import staff_of, token_client
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory
from tests.factories.payouts import VALID_CARD, VALID_CARD_19, bind_card, received_order

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
OTHER_CARD = "4111111111111111"


def card_body(card_no=OTHER_CARD, password=PASSWORD):
    return {"holder_name": "李四", "bank_name": "CMB", "card_no": card_no, "password": password}


def balances(shop):
    account = FundAccount.objects.get(shop=shop)
    return account.available_amount, account.frozen_amount


def settled_order(shop, price):
    order = received_order(shop, price=price)
    services.credit_order_income(order=order)
    return order


# Open refunds reserve money


def test_an_open_after_sale_on_a_settled_order_is_held_back_from_withdrawals(
    owner_api, shop, owner
):
    bind_card(shop, owner)
    order = settled_order(shop, "3000.00")  # income 2,982.00
    orders.open_after_sale(order=order, buyer=order.buyer, reason="质量问题", amount="3000.00")
    before = balances(shop)

    whole = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "2982.00"})
    account = owner_api.get("/api/v1/payouts/account").json()

    assert whole.status_code == 400
    assert whole.json()["code"] == "insufficient_balance"
    assert "¥2,982.00" in whole.json()["detail"]
    assert balances(shop) == before
    assert account == {
        "available_balance": "2982.00",
        "frozen_balance": "0.00",
        "after_sale_hold": "2982.00",
        "withdrawable_balance": "0.00",
    }


def test_the_refund_stays_payable_and_what_is_not_held_can_go(owner_api, shop, owner):
    bind_card(shop, owner)
    settled_order(shop, "2000.00")  # income 1,988.00, nothing open on it
    disputed = settled_order(shop, "500.00")  # income 497.00, then a refund request of 500
    orders.open_after_sale(order=disputed, buyer=disputed.buyer, reason="少件", amount="500.00")

    too_much = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1988.01"})
    allowed = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1988.00"})
    orders.approve_after_sale(after_sale=disputed.after_sales.get(), actor=owner)

    assert too_much.json()["code"] == "insufficient_balance"
    assert allowed.status_code == 201
    assert balances(shop) == (Decimal("0.00"), Decimal("1988.00"))  # the refund was paid
    call_command("verify_ledgers")


def test_a_refused_after_sale_releases_its_hold(shop, owner):
    order = settled_order(shop, "1500.00")
    after_sale = orders.open_after_sale(order=order, buyer=order.buyer, reason="x", amount="100")

    held = selectors.after_sale_hold(shop_id=shop.pk)
    orders.refuse_after_sale(after_sale=after_sale, actor=owner, reason="已发货，请先退货")

    assert held == Decimal("99.40")  # 100 less the 0.6 % fee it returns
    assert selectors.after_sale_hold(shop_id=shop.pk) == Decimal("0.00")


def test_an_after_sale_on_an_order_not_yet_settled_holds_nothing(shop):
    order = received_order(shop, price="1500.00")  # received, income not yet credited

    orders.open_after_sale(order=order, buyer=order.buyer, reason="x", amount="100")

    assert selectors.after_sale_hold(shop_id=shop.pk) == Decimal("0.00")


def test_the_fund_page_shows_the_after_sale_hold(owner_client, shop, owner):
    bind_card(shop, owner)
    order = settled_order(shop, "3000.00")
    orders.open_after_sale(order=order, buyer=order.buyer, reason="质量问题", amount="1000.00")

    page = owner_client.get("/payouts/").content.decode()

    assert "售后冻结" in page
    assert '<div class="stat-value text-secondary" data-testid="after-sale-hold">¥994.00' in page
    assert 'data-testid="withdrawable">¥1,988.00' in page


@pytest.mark.django_db(transaction=True)
def test_withdrawing_while_a_refund_is_requested_never_leaves_it_unpayable():
    """Ten shops, each with a withdrawal of everything and a refund request of everything
    racing: whichever commits first, approving the refund afterwards never goes negative
    unless the withdrawal committed before the refund was asked for."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE SEQUENCE IF NOT EXISTS test_lock_order")

    def in_lock_order(label, action, results):
        """Run `action` and draw a number while its transaction still holds the account's
        row lock: the numbers give the order in which the two held it (and committed)."""
        with transaction.atomic():
            action()
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval('test_lock_order')")
                results[label] = cursor.fetchone()[0]

    outcomes = []
    for _round in range(10):
        membership = MembershipFactory(role=Role.OWNER)
        shop, owner = membership.shop, membership.user
        bind_card(shop, owner)
        order = settled_order(shop, "1006.04")  # income exactly 1,000.00
        start = threading.Barrier(2)
        results = {}

        def withdraw(shop=shop, owner=owner, start=start, results=results):
            start.wait()
            try:
                in_lock_order(
                    "withdrawal",
                    lambda: services.request_withdrawal(
                        shop=shop, amount="1000.00", requested_by=owner
                    ),
                    results,
                )
            except Exception as error:  # noqa: BLE001 - the refusal is the outcome
                results["withdrawal"] = error
            finally:
                connection.close()

        def ask_refund(order=order, start=start, results=results):
            start.wait()
            try:
                in_lock_order(
                    "after_sale",
                    lambda: orders.open_after_sale(
                        order=order, buyer=order.buyer, reason="x", amount="1006.04"
                    ),
                    results,
                )
            finally:
                connection.close()

        threads = [threading.Thread(target=withdraw), threading.Thread(target=ask_refund)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        orders.approve_after_sale(after_sale=order.after_sales.get(), actor=owner)
        available = FundAccount.objects.get(shop=shop).available_amount
        withdrew = not isinstance(results["withdrawal"], Exception)
        first = withdrew and results["withdrawal"] < results["after_sale"]
        outcomes.append((withdrew, available))
        # Refused: the refund is paid from the balance. Allowed: only because it came first.
        assert available == Decimal("0.00") if not withdrew else first
    call_command("verify_ledgers")
    assert len(outcomes) == 10


# The payout card belongs to the owner


def test_a_finance_sub_account_cannot_rebind_the_card(shop, owner):
    bind_card(shop, owner)
    finance = staff_of(shop, Role.FINANCE)
    api, page = token_client(finance), Client()
    page.force_login(finance)

    answer = api.put("/api/v1/payouts/bank-card", card_body(), format="json")
    posted = page.post(
        "/payouts/bank-card/",
        {"holder_name": "李四", "bank_code": "CMB", "card_no": OTHER_CARD, "password": PASSWORD},
    )
    shown = page.get("/payouts/bank-card/").content.decode()

    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"
    assert posted.status_code == 403
    assert 'data-testid="owner-only"' in shown and 'name="card_no"' not in shown
    card = BankCard.objects.get(shop=shop)
    assert card.card_last4 == VALID_CARD[-4:]
    assert BankCardAudit.objects.filter(shop=shop).count() == 1


def test_binding_notifies_the_owner_in_the_console(owner_api, owner_client, shop, owner):
    owner_api.put("/api/v1/payouts/bank-card", card_body(), format="json")

    notification = Notification.objects.get(shop=shop, user=owner)
    top_bar = owner_client.get("/payouts/").content.decode()
    listed = owner_client.get("/notifications/").content.decode()

    assert notification.kind == "bank_card_bound"
    assert 'data-testid="notification-unread">1<' in top_bar
    assert "招商银行" in listed and "1111" in listed
    owner_client.post("/notifications/")
    assert Notification.objects.get(pk=notification.pk).read_at is not None


def test_a_new_card_receives_no_withdrawal_for_24_hours(owner_api, owner_client, shop, owner):
    settled_order(shop, "3000.00")
    card = bind_card(shop, owner, fresh=True)

    refused = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"})
    page = owner_client.get("/payouts/").content.decode()
    BankCard.objects.filter(pk=card.pk).update(bound_at=timezone.now() - timedelta(hours=24))
    allowed = owner_api.post("/api/v1/payouts/withdrawals", {"amount": "1000.00"})

    assert refused.status_code == 400
    assert refused.json()["code"] == "bank_card_cooling_off"
    assert 'data-testid="card-cooling-off"' in page
    assert allowed.status_code == 201


def test_a_withdrawal_keeps_the_card_it_was_made_to(shop, owner):
    settled_order(shop, "3000.00")
    bind_card(shop, owner)
    withdrawal = services.request_withdrawal(shop=shop, amount="1000", requested_by=owner)

    bind_card(shop, owner, card_no=VALID_CARD_19)
    submitted = services.submit_withdrawal(withdrawal=withdrawal)

    assert submitted.card_no() == VALID_CARD
    assert BankCard.objects.get(shop=shop).card_last4 == VALID_CARD_19[-4:]
    assert submitted.card_last4 == VALID_CARD[-4:]


@pytest.mark.parametrize(
    "card_no",
    [
        "６２２２０２１２３４５６７８９４",  # full-width digits
        "٦٢٢٢٠٢١٢٣٤٥٦٧٨٩٤",  # Arabic-Indic digits
        "6222\u30000212 3456 7894",  # an ideographic space between groups
    ],
)
def test_card_numbers_are_ascii_digits_only(owner_api, shop, card_no):
    answer = owner_api.put("/api/v1/payouts/bank-card", card_body(card_no=card_no), format="json")

    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid_card_no"
    assert not BankCard.objects.exists()


# Password checks count toward the login lockout


def test_guessing_the_bank_card_password_locks_the_account(owner_api, shop, owner, settings):
    wrong = [
        owner_api.put("/api/v1/payouts/bank-card", card_body(password=f"guess-{n}"), format="json")
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    right = owner_api.put("/api/v1/payouts/bank-card", card_body(), format="json")
    login = Client().post(
        "/api/v1/auth/token",
        {"username": owner.username, "password": PASSWORD},
        content_type="application/json",
    )

    assert [answer.json()["code"] for answer in wrong[:-1]] == ["wrong_password"] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert right.status_code == 429
    assert right.json()["code"] == "login_locked_out"
    assert login.status_code == 429
    assert not BankCard.objects.exists()


def test_guessing_on_the_bank_card_page_signs_the_session_out(owner_client, shop, owner, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        owner_client.post(
            "/payouts/bank-card/",
            {"holder_name": "李四", "bank_code": "CMB", "card_no": OTHER_CARD, "password": f"g{n}"},
        )

    after = owner_client.get("/payouts/")

    assert after.status_code == 302 and "/accounts/login/" in after["Location"]
    assert not BankCard.objects.exists()


def test_guessing_the_old_password_on_the_change_form_locks_too(owner_client, owner, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = owner_client.post(
            "/accounts/password/",
            {
                "old_password": f"g{n}",
                "new_password1": "Zx9!newpass",
                "new_password2": "Zx9!newpass",
            },
        )
        assert wrong.status_code == 200
    last = owner_client.post(
        "/accounts/password/",
        {"old_password": "g-last", "new_password1": "Zx9!newpass", "new_password2": "Zx9!newpass"},
    )
    login = Client().post("/accounts/login/", {"username": owner.username, "password": PASSWORD})

    assert last.status_code == 429
    assert login.status_code == 429
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert not Withdrawal.objects.exists()


def test_a_buyer_cannot_use_the_bank_card_api(shop):
    answer = token_client(BuyerFactory().user).put(
        "/api/v1/payouts/bank-card", card_body(), format="json"
    )

    assert answer.status_code == 403
    assert not BankCard.objects.exists()
