import pytest

from common.exceptions import InvalidInput
from merchant import services
from merchant.exceptions import OwnerMembershipLocked, ShopNameTaken, UsernameTaken
from merchant.models import Membership, Role, Shop, User
from tests.factories.merchant import MembershipFactory

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_user_as_owner_of_a_new_shop():
    membership = services.register_merchant(
        username="xiaoli", password="a-long-passphrase", shop_name="小李的店"
    )

    assert membership.role == Role.OWNER
    assert membership.user.check_password("a-long-passphrase")
    assert membership.shop.name == "小李的店"
    assert 100_000_000 <= membership.shop.shop_no <= 999_999_999


def test_shop_ids_are_not_sequential():
    numbers = [
        services.register_merchant(
            username=f"owner{i}", password="a-long-passphrase", shop_name=f"店铺{i}"
        ).shop.shop_no
        for i in range(5)
    ]

    differences = {b - a for a, b in zip(numbers, numbers[1:], strict=False)}
    assert len(set(numbers)) == 5
    assert differences != {1}


def test_sign_up_with_a_taken_shop_name_creates_no_user():
    services.register_merchant(username="first", password="a-long-passphrase", shop_name="同名店")

    with pytest.raises(ShopNameTaken):
        services.register_merchant(
            username="second", password="a-long-passphrase", shop_name="同名店"
        )

    assert not User.objects.filter(username="second").exists()
    assert Shop.objects.filter(name="同名店").count() == 1


def test_sign_up_refuses_a_taken_username_in_any_case():
    services.register_merchant(username="Wang", password="a-long-passphrase", shop_name="王店")

    with pytest.raises(UsernameTaken):
        services.register_merchant(username="wang", password="a-long-passphrase", shop_name="新店")


@pytest.mark.parametrize("password", ["12345678", "short", "password"])
def test_sign_up_refuses_weak_passwords(password):
    with pytest.raises(InvalidInput) as refused:
        services.register_merchant(username="weak", password=password, shop_name="弱密码店")

    assert "password" in refused.value.fields
    assert not Shop.objects.exists()


def test_owner_adds_a_staff_sub_account_with_a_role():
    owner = MembershipFactory(role=Role.OWNER)

    staff = services.add_staff(
        shop=owner.shop,
        username="kefu1",
        password="a-long-passphrase",
        role=Role.CUSTOMER_SERVICE,
        name="小王",
    )

    assert staff.shop == owner.shop
    assert staff.role == Role.CUSTOMER_SERVICE
    assert staff.user.first_name == "小王"


def test_a_second_owner_cannot_be_added():
    owner = MembershipFactory(role=Role.OWNER)

    with pytest.raises(InvalidInput):
        services.add_staff(
            shop=owner.shop, username="boss2", password="a-long-passphrase", role=Role.OWNER
        )

    assert Membership.objects.filter(shop=owner.shop).count() == 1


def test_the_owner_role_is_locked():
    owner = MembershipFactory(role=Role.OWNER)

    with pytest.raises(OwnerMembershipLocked):
        services.update_staff(membership=owner, role=Role.FINANCE, is_active=False)

    owner.refresh_from_db()
    assert (owner.role, owner.is_active) == (Role.OWNER, True)
