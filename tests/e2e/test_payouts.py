import pytest
from playwright.sync_api import expect

from payouts.models import Withdrawal
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD
from tests.factories.payouts import VALID_CARD, give_balance

pytestmark = pytest.mark.django_db(transaction=True)


def test_merchant_binds_a_card_withdraws_and_meets_the_daily_limit(page, owner, shop):
    give_balance(shop, "3000")
    log_in(page, owner.username, PASSWORD)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="资金账户").click()
    expect(page.get_by_text("请先绑定银行卡再提现。")).to_be_visible()

    page.get_by_role("link", name="绑定银行卡").first.click()
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

    page.get_by_label("提现金额（元）").fill("1000.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("已申请提现 ¥1,000.00")).to_be_visible()
    expect(page.get_by_test_id("frozen-balance")).to_have_text("¥1,000.00")
    expect(page.get_by_test_id("withdrawals")).to_contain_text("¥1,000.00")

    page.get_by_label("提现金额（元）").fill("1000.00")
    page.get_by_role("button", name="提现到银行卡").click()
    expect(page.get_by_text("本店今天已经提现过")).to_be_visible()
    assert Withdrawal.objects.filter(shop=shop).count() == 1
