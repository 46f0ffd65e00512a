import pytest
from django.test import Client

from merchant.models import Role
from payouts.models import BankCard, Withdrawal
from tests.conftest import staff_of
from tests.factories.payouts import VALID_CARD, bind_card, give_balance

pytestmark = pytest.mark.django_db


def test_account_page_shows_balances_card_and_ledger(owner_client, shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "1500")

    page = owner_client.get("/payouts/").content.decode()

    assert "**** **** **** 7894" in page
    assert VALID_CARD not in page
    assert "订单收入" in page
    assert "每笔提现最少 ¥1,000.00，最多 ¥500,000.00" in page


def test_withdraw_from_the_page_then_meet_the_daily_limit(owner_client, shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "5000")

    first = owner_client.post("/payouts/withdrawals/", {"amount": "1000.00"}, follow=True)
    second = owner_client.post("/payouts/withdrawals/", {"amount": "1000.00"})

    assert "已申请提现 ¥1,000.00" in first.content.decode()
    assert second.status_code == 400
    assert "今天已经提现过" in second.content.decode()
    assert Withdrawal.objects.count() == 1


def test_bind_card_page_asks_for_the_password(owner_client, shop):
    wrong = owner_client.post(
        "/payouts/bank-card/",
        {"holder_name": "张三", "bank_code": "ICBC", "card_no": VALID_CARD, "password": "nope"},
    )
    right = owner_client.post(
        "/payouts/bank-card/",
        {
            "holder_name": "张三",
            "bank_code": "ICBC",
            "card_no": VALID_CARD,
            "password": "correct-horse-battery",
        },
        follow=True,
    )

    assert "登录密码错误" in wrong.content.decode()
    assert "银行卡已保存" in right.content.decode()
    assert BankCard.objects.get(shop=shop).card_last4 == "7894"


def test_operations_cannot_open_the_fund_account(shop):
    client = Client()
    client.force_login(staff_of(shop, Role.OPERATIONS))

    assert client.get("/payouts/").status_code == 403
    assert client.post("/payouts/withdrawals/", {"amount": "1000"}).status_code == 403
