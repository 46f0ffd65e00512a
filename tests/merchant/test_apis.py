import pytest
from rest_framework.test import APIClient

from merchant.models import Membership, Role, Shop, User
from merchant.selectors import list_memberships_for_user
from tests.conftest import staff_of, token_client
from tests.factories.merchant import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_register_opens_a_shop_and_answers_its_number(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/auth/register",
        {"username": "zhang", "password": "a-long-passphrase", "shop_name": "张三百货"},
    )

    assert response.status_code == 201
    shop = Shop.objects.get(name="张三百货")
    assert response.json() == {"shop": {"shop_no": shop.shop_no, "name": "张三百货"}}
    assert Membership.objects.get(shop=shop).role == Role.OWNER


def test_register_with_bad_input_answers_validation_error_and_writes_nothing(anonymous_api):
    response = anonymous_api.post("/api/v1/auth/register", {"username": "li", "password": "1"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"shop_name"}
    assert body["detail"]
    assert not User.objects.exists()


def test_register_with_weak_password_reports_the_password_field(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/auth/register", {"username": "li", "password": "12345678", "shop_name": "李店"}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert "password" in response.json()["fields"]
    assert not Shop.objects.exists()


def test_token_for_right_credentials(anonymous_api, owner):
    response = anonymous_api.post(
        "/api/v1/auth/token", {"username": owner.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/shop").status_code == 200


def test_wrong_password_answers_invalid_credentials(anonymous_api, owner):
    response = anonymous_api.post(
        "/api/v1/auth/token", {"username": owner.username, "password": "wrong-password"}
    )

    assert response.status_code == 400
    assert response.json() == {"code": "invalid_credentials", "detail": "用户名或密码错误。"}


def test_error_detail_follows_accept_language(anonymous_api, owner):
    response = anonymous_api.post(
        "/api/v1/auth/token",
        {"username": owner.username, "password": "wrong-password"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.json() == {
        "code": "invalid_credentials",
        "detail": "Wrong username or password.",
    }


def test_repeated_wrong_passwords_lock_the_login(anonymous_api, owner, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = anonymous_api.post(
            "/api/v1/auth/token", {"username": owner.username, "password": "guess"}
        )
        assert response.status_code == 400

    locked = anonymous_api.post(
        "/api/v1/auth/token", {"username": owner.username, "password": "guess"}
    )
    right_but_locked = anonymous_api.post(
        "/api/v1/auth/token", {"username": owner.username, "password": PASSWORD}
    )

    assert locked.status_code == 429
    assert locked.json()["code"] == "login_locked_out"
    assert right_but_locked.status_code == 429


def test_anonymous_call_answers_not_authenticated(anonymous_api):
    response = anonymous_api.get("/api/v1/shop")

    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "detail": "请先登录。"}


def test_bad_token_answers_not_authenticated():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/shop")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_shop_answers_its_number_name_and_dropship_role(owner_api, shop):
    response = owner_api.get("/api/v1/shop")

    assert response.status_code == 200
    assert response.json() == {
        "shop_no": shop.shop_no,
        "name": shop.name,
        "low_stock_threshold": 10,
        "dropship_role": None,
        "role": "owner",
    }


def test_buyer_calling_a_merchant_api_is_refused(buyer_api):
    response = buyer_api.get("/api/v1/shop")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_x_shop_no_of_a_foreign_shop_is_refused(owner_api, other_shop):
    response = owner_api.get("/api/v1/shop", HTTP_X_SHOP_NO=str(other_shop.shop_no))

    assert response.status_code == 403


def test_unknown_api_path_answers_not_found_body(owner_api):
    response = owner_api.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_wrong_method_answers_its_code(owner_api):
    response = owner_api.delete("/api/v1/shop")

    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_malformed_json_answers_parse_error(owner_api):
    response = owner_api.post("/api/v1/shop/members", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_auth_endpoints_are_throttled(anonymous_api, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})
    answers = [
        anonymous_api.post("/api/v1/auth/token", {"username": "x", "password": "y"})
        for _ in range(4)
    ]

    assert [a.status_code for a in answers] == [400, 400, 400, 429]
    assert answers[-1].json()["code"] == "throttled"
    assert "Retry-After" in answers[-1].headers


# Staff sub-accounts: the authorization matrix


def test_owner_lists_and_adds_staff(owner_api, shop):
    created = owner_api.post(
        "/api/v1/shop/members",
        {"username": "caiwu", "password": "a-long-passphrase", "name": "钱会计", "role": "finance"},
    )
    listed = owner_api.get("/api/v1/shop/members")

    assert created.status_code == 201
    assert created.json()["role"] == "finance"
    assert [m["username"] for m in listed.json()["results"]][-1] == "caiwu"
    assert set(listed.json()) >= {"results", "next", "previous"}


def test_staff_cannot_manage_sub_accounts(shop):
    operations = token_client(staff_of(shop, Role.OPERATIONS))

    response = operations.post(
        "/api/v1/shop/members",
        {"username": "sneaky", "password": "a-long-passphrase", "name": "x", "role": "finance"},
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not User.objects.filter(username="sneaky").exists()


def test_anonymous_cannot_add_staff(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/shop/members",
        {"username": "anon", "password": "a-long-passphrase", "name": "x", "role": "finance"},
    )

    assert response.status_code == 401
    assert not User.objects.filter(username="anon").exists()


def test_another_shops_member_answers_404_and_stays_unchanged(owner_api, other_shop):
    foreign = MembershipFactory(shop=other_shop, role=Role.OPERATIONS)

    read = owner_api.get(f"/api/v1/shop/members/{foreign.pk}")
    write = owner_api.patch(f"/api/v1/shop/members/{foreign.pk}", {"is_active": False})

    assert read.status_code == 404
    assert read.json() == {"code": "not_found", "detail": "未找到。"}
    assert write.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active is True


def test_owner_disables_a_sub_account_which_then_loses_access(owner_api, shop):
    staff_user = staff_of(shop, Role.OPERATIONS)
    staff_api = token_client(staff_user)
    membership = Membership.objects.get(user=staff_user)

    response = owner_api.patch(f"/api/v1/shop/members/{membership.pk}", {"is_active": False})

    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert staff_api.get("/api/v1/shop").status_code == 401  # its token ended with it
    assert token_client(staff_user).get("/api/v1/shop").status_code == 403  # and a new one


def test_owner_role_cannot_be_changed_through_the_api(owner_api, owner_membership):
    response = owner_api.patch(f"/api/v1/shop/members/{owner_membership.pk}", {"role": "finance"})

    assert response.status_code == 400
    assert response.json()["code"] == "owner_membership_locked"
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER


def test_a_switched_off_sub_account_is_refused_by_the_api(shop):
    staff_user = staff_of(shop, Role.OPERATIONS)
    client = token_client(staff_user)
    Membership.objects.filter(user=staff_user).update(is_active=False)

    response = client.get("/api/v1/orders")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_a_deactivated_user_is_refused_by_the_api_and_has_no_shop(shop):
    staff_user = staff_of(shop, Role.OPERATIONS)
    client = token_client(staff_user)
    User.objects.filter(pk=staff_user.pk).update(is_active=False)
    staff_user.refresh_from_db()

    response = client.get("/api/v1/orders")

    assert response.status_code == 401
    assert list(list_memberships_for_user(user=staff_user)) == []
