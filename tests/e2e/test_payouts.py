from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from merchant.models import Role
from orders import services as orders
from payouts import services as payouts
from payouts.models import BankCard, Withdrawal
from tests.conftest import staff_of
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD
from tests.factories.payouts import VALID_CARD, bind_card, give_balance, received_order

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_binds_a_card_waits_24_hours_withdraws_and_meets_the_daily_limit(page, owner, shop):
    give_balance(shop, "3000")
    log_in(page, owner.username, PASSWORD)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资金账户").click()
    expect(page.get_by_text("请先绑定银行卡再提现。")).to_be_visible()

    page.get_by_role("link", name="绑定银行卡").first.click()
    expect(page.get_by_test_id("cooling-off-notice")).to_contain_text("24 小时")
    page.get_by_label("持卡人").fill("张三")
    page.get_by_label("开户银行").select_option("CMB")
    page.get_by_label("银行卡号").fill(VALID_CARD)
    page.get_by_label("登录密码").fill("wrong-password")
    page.get_by_role("button", name="保存银行卡").click()
    expect(page.get_by_text("登录密码错误。")).to_be_visible()
    page.get_by_label("银行卡号").fill(VALID_CARD)
    page.get_by_label("登录密码").fill(PASSWORD)
    page.get_by_role("button", name="保存银行卡").click()
    expect(page.get_by_test_id("card-no")).to_have_text("**** **** **** 7894")
    expect(page.get_by_test_id("card-cooling-off")).to_contain_text("绑定满 24 小时")
    expect(page.get_by_test_id("notification-unread")).to_have_text("1")

    page.get_by_label("提现金额（元）").fill("1000.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("新绑定的银行卡需满 24 小时才能收款")).to_be_visible()
    assert not Withdrawal.objects.exists()

    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("招商银行，尾号 7894")

    BankCard.objects.filter(shop=shop).update(bound_at=timezone.now() - timedelta(hours=24))
    page.goto(f"{page.base_url}/payouts/")
    expect(page.get_by_test_id("card-cooling-off")).to_have_count(0)
    page.get_by_label("提现金额（元）").fill("1000.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("已申请提现 ¥1,000.00")).to_be_visible()
    expect(page.get_by_test_id("frozen-balance")).to_have_text("¥1,000.00")
    expect(page.get_by_test_id("withdrawals")).to_contain_text("¥1,000.00")

    page.get_by_label("提现金额（元）").fill("1000.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("本店今天已经提现过")).to_be_visible()
    assert Withdrawal.objects.filter(shop=shop).count() == 1


def test_the_finance_account_sees_the_card_but_cannot_change_it(page, owner, shop):
    bind_card(shop, owner)
    finance = staff_of(shop, Role.FINANCE)
    log_in(page, finance.username, PASSWORD)

    page.goto(f"{page.base_url}/payouts/")
    expect(page.get_by_test_id("card-no")).to_have_text("**** **** **** 7894")
    expect(page.get_by_role("link", name="更换银行卡")).to_have_count(0)
    page.goto(f"{page.base_url}/payouts/bank-card/")
    expect(page.get_by_test_id("owner-only")).to_contain_text("只有店主可以绑定或更换银行卡")
    expect(page.get_by_label("银行卡号")).to_have_count(0)


def test_the_fund_page_shows_what_open_refunds_hold_back(page, owner, shop):
    bind_card(shop, owner)
    order = received_order(shop, price="3000.00")
    payouts.credit_order_income(order=order)  # ¥2,982.00
    orders.open_after_sale(order=order, buyer=order.buyer, reason="质量问题", amount="1000.00")
    log_in(page, owner.username, PASSWORD)

    page.goto(f"{page.base_url}/payouts/")
    expect(page.get_by_text("售后冻结")).to_be_visible()
    expect(page.get_by_test_id("after-sale-hold")).to_have_text("¥994.00")
    expect(page.get_by_test_id("withdrawable")).to_have_text("¥1,988.00")
    page.get_by_label("提现金额（元）").fill("2982.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("因售后处理中被冻结")).to_be_visible()
    assert not Withdrawal.objects.exists()
