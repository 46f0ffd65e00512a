import pytest
from django.test import Client

from merchant.models import Membership, Role, Shop, User
from tests.conftest import staff_of
from tests.factories.merchant import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_sign_up_page_opens_the_shop_and_lands_on_the_dashboard(client):
    response = client.post(
        "/accounts/signup/",
        {
            "shop_name": "新开小店",
            "username": "newbie",
            "password": "a-long-passphrase",
            "password_confirm": "a-long-passphrase",
        },
        follow=True,
    )

    shop = Shop.objects.get(name="新开小店")
    assert response.redirect_chain[-1][0] == "/dashboard/"
    page = response.content.decode()
    assert "新开小店" in page
    assert str(shop.shop_no) in page
    assert "欢迎" in page


def test_sign_up_with_mismatched_passwords_shows_the_error_and_creates_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {
            "shop_name": "新开小店",
            "username": "newbie",
            "password": "a-long-passphrase",
            "password_confirm": "another-passphrase",
        },
    )

    assert response.status_code == 200
    assert "两次输入的密码不一致" in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_with_a_taken_shop_name_shows_it_on_the_field(client, shop):
    response = client.post(
        "/accounts/signup/",
        {
            "shop_name": shop.name,
            "username": "newbie",
            "password": "a-long-passphrase",
            "password_confirm": "a-long-passphrase",
        },
    )

    assert response.status_code == 200
    assert "该店铺名称已被使用" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()


def test_login_page_logs_in_and_shows_the_console(client, owner, shop):
    response = client.post(
        "/accounts/login/", {"username": owner.username, "password": PASSWORD}, follow=True
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert shop.name in page
    assert "订单管理" in page


def test_login_page_with_a_wrong_password_says_so(client, owner):
    response = client.post("/accounts/login/", {"username": owner.username, "password": "nope"})

    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_page_locks_after_repeated_failures(client, owner, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": owner.username, "password": "nope"})

    response = client.post("/accounts/login/", {"username": owner.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_buyer_cannot_log_into_the_console(client, buyer):
    response = client.post(
        "/accounts/login/", {"username": buyer.user.username, "password": PASSWORD}
    )

    assert "该账号不属于任何店铺" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_console_pages_need_a_login(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_owner_sees_every_menu_entry(owner_client):
    page = owner_client.get("/dashboard/").content.decode()

    for label in ["首页", "订单管理", "商品管理", "资金账户", "代发管理", "客服平台", "店铺设置"]:
        assert label in page


def test_customer_service_sees_chat_and_after_sales_and_lands_on_chat(shop):
    client = logged_in(staff_of(shop, Role.CUSTOMER_SERVICE))

    landing = client.get("/", follow=True)
    page = landing.content.decode()

    assert landing.redirect_chain[-1][0] == "/chat/"
    assert "客服平台" in page and "售后管理" in page
    for label in ["订单管理", "商品管理", "资金账户", "店铺设置"]:
        assert label not in page


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.CUSTOMER_SERVICE, "/orders/"),
        (Role.CUSTOMER_SERVICE, "/payouts/"),
        (Role.OPERATIONS, "/payouts/"),
        (Role.OPERATIONS, "/settings/"),
        (Role.FINANCE, "/orders/"),
        (Role.FINANCE, "/chat/"),
    ],
)
def test_a_staff_role_is_refused_pages_outside_it(shop, role, path):
    response = logged_in(staff_of(shop, role)).get(path)

    assert response.status_code == 403
    assert "你无权访问此页面" in response.content.decode()


def test_owner_adds_a_sub_account_from_the_settings_page(owner_client, shop):
    response = owner_client.post(
        "/settings/staff/new/",
        {"name": "小赵", "username": "zhao", "password": "a-long-passphrase", "role": "finance"},
        follow=True,
    )

    assert "子账号 zhao 已创建" in response.content.decode()
    assert Membership.objects.get(user__username="zhao").shop == shop


def test_sub_account_form_shows_a_taken_username(owner_client, owner):
    response = owner_client.post(
        "/settings/staff/new/",
        {
            "name": "x",
            "username": owner.username,
            "password": "a-long-passphrase",
            "role": "finance",
        },
    )

    assert response.status_code == 200
    assert "该用户名已被使用" in response.content.decode()


def test_editing_another_shops_member_is_404(owner_client, other_shop):
    foreign = MembershipFactory(shop=other_shop, role=Role.OPERATIONS)

    read = owner_client.get(f"/settings/staff/{foreign.pk}/")
    write = owner_client.post(f"/settings/staff/{foreign.pk}/", {"role": "finance"})

    assert read.status_code == 404
    assert write.status_code == 404
    foreign.refresh_from_db()
    assert (foreign.role, foreign.is_active) == (Role.OPERATIONS, True)


def test_disabled_sub_account_loses_the_console(owner_client, shop):
    staff_user = staff_of(shop, Role.OPERATIONS)
    membership = Membership.objects.get(user=staff_user)

    owner_client.post(f"/settings/staff/{membership.pk}/", {"role": "operations"})

    assert logged_in(staff_user).get("/orders/").status_code == 403


def test_language_switch_shows_english(owner_client):
    owner_client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/"})

    page = owner_client.get("/dashboard/").content.decode()

    assert "Orders" in page
    assert "Shop settings" in page
    assert "订单管理" not in page


def test_console_speaks_chinese_even_to_an_english_browser(owner_client):
    page = owner_client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "订单管理" in page.decode()


def test_password_change_keeps_the_user_logged_in(owner_client, owner):
    response = owner_client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase",
            "new_password2": "a-brand-new-passphrase",
        },
        follow=True,
    )

    owner.refresh_from_db()
    assert owner.check_password("a-brand-new-passphrase")
    assert "密码已修改" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(owner_client):
    response = owner_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert owner_client.get("/dashboard/").status_code == 302


def test_unknown_page_is_the_console_404(owner_client):
    response = owner_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_signup_page_is_rate_limited_with_the_signup_api(monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})
    client = Client()
    data = {"shop_name": "限流测试店", "username": "", "password": "x", "password_confirm": "y"}
    api = client.post("/api/v1/auth/register", {}, content_type="application/json")
    pages = [client.post("/accounts/signup/", data) for _ in range(2)]
    valid = {**data, "username": "flooder", "password": "a-long-pass-2026"}
    blocked = client.post("/accounts/signup/", {**valid, "password_confirm": valid["password"]})

    assert api.status_code == 400
    assert [page.status_code for page in pages] == [200, 200]
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    assert "尝试次数过多" in blocked.content.decode()
    assert not Shop.objects.filter(name="限流测试店").exists()


def test_password_rules_speak_chinese_on_the_chinese_console():
    client = Client()

    page = client.post(
        "/accounts/signup/",
        {"shop_name": "新店", "username": "newbie", "password": "1234", "password_confirm": "1234"},
    ).content.decode()

    assert "密码太短，至少需要 8 个字符。" in page
    assert "This password" not in page
