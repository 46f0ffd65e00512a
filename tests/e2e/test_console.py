import pytest
from playwright.sync_api import expect

from merchant.models import Membership, Role
from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories.merchant import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

MENU = ["首页", "订单管理", "商品管理", "资金账户", "代发管理", "客服平台", "店铺设置"]


def test_merchant_signs_up_and_lands_on_the_dashboard(page):
    page.goto(f"{page.base_url}/")
    page.get_by_role("link", name="商家入驻").click()
    page.get_by_label("店铺名称").fill("浏览器测试店")
    page.get_by_label("用户名").fill("browser_owner")
    page.get_by_label("密码", exact=True).fill("a-long-passphrase")
    page.get_by_label("确认密码").fill("a-long-passphrase")
    page.get_by_role("button", name="立即入驻").click()

    expect(page).to_have_url(f"{page.base_url}/dashboard/")
    expect(page.get_by_test_id("shop-name")).to_have_text("浏览器测试店")
    menu = page.get_by_role("navigation", name="主菜单")
    for label in MENU:
        expect(menu.get_by_role("link", name=label)).to_be_visible()
    shop_no = str(Membership.objects.get(user__username="browser_owner").shop.shop_no)
    expect(page.get_by_text(f"店铺ID {shop_no}")).to_be_visible()
    expect(page.get_by_test_id("today-orders")).to_have_text("0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"))


def test_sign_up_errors_show_on_the_form(page, shop):
    page.goto(f"{page.base_url}/accounts/signup/")
    page.get_by_label("店铺名称").fill(shop.name)
    page.get_by_label("用户名").fill("someone")
    page.get_by_label("密码", exact=True).fill("a-long-passphrase")
    page.get_by_label("确认密码").fill("a-long-passphrase")
    page.get_by_role("button", name="立即入驻").click()

    expect(page.get_by_text("该店铺名称已被使用。")).to_be_visible()
    expect(page).to_have_url(f"{page.base_url}/accounts/signup/")


def test_language_switch_turns_the_console_english(page, owner, shop):
    log_in(page, owner.username, PASSWORD)

    page.get_by_label("语言").select_option("en")

    menu = page.get_by_role("navigation", name="Main menu")
    expect(menu.get_by_role("link", name="Orders")).to_be_visible()
    expect(menu.get_by_role("link", name="Shop settings")).to_be_visible()
    expect(page.get_by_test_id("shop-name")).to_have_text(shop.name)


def test_owner_creates_a_customer_service_account_for_chat_and_after_sales(page, owner, browser):
    log_in(page, owner.username, PASSWORD)
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="店铺设置").click()
    page.get_by_role("link", name="新建子账号").click()
    page.get_by_label("姓名").fill("小客服")
    page.get_by_label("用户名").fill("kefu_e2e")
    page.get_by_label("密码").fill("a-long-passphrase")
    page.get_by_label("角色").select_option(Role.CUSTOMER_SERVICE)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("子账号 kefu_e2e 已创建。")).to_be_visible()

    page.get_by_role("button", name=owner.username).click()
    page.get_by_role("button", name="退出登录").click()
    log_in(page, "kefu_e2e", "a-long-passphrase")

    expect(page).to_have_url(f"{page.base_url}/chat/")
    menu = page.get_by_role("navigation", name="主菜单")
    expect(menu.get_by_role("link")).to_have_text(["售后管理", "客服平台"])
    page.goto(f"{page.base_url}/orders/")
    expect(page.get_by_text("你无权访问此页面")).to_be_visible()


def test_on_a_phone_the_menu_opens_from_the_top_bar(phone_page, owner):
    log_in(phone_page, owner.username, PASSWORD)
    menu_link = phone_page.get_by_role("navigation", name="主菜单").get_by_role(
        "link", name="订单管理"
    )
    expect(menu_link).to_be_hidden()

    phone_page.get_by_role("button", name="菜单").click()
    expect(menu_link).to_be_visible()
    menu_link.click()

    expect(phone_page).to_have_url(f"{phone_page.base_url}/orders/")
