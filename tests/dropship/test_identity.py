import pytest

from dropship.models import DropshipIdentity
from merchant.models import Role
from tests.conftest import staff_of, token_client

pytestmark = pytest.mark.django_db

MERCHANT_IDENTITY = {
    "role": "merchant",
    "display_name": "多多优选",
    "sender_name": "张店长",
    "sender_phone": "13800138000",
    "address": "浙江省杭州市余杭区文一西路 969 号",
}


def test_a_shop_chooses_its_dropship_identity_once(owner_api, shop):
    first = owner_api.post("/api/v1/dropship/identity", MERCHANT_IDENTITY)
    second = owner_api.post(
        "/api/v1/dropship/identity", {"role": "manufacturer", "display_name": "工厂"}
    )

    assert first.status_code == 201
    assert second.status_code == 400
    assert second.json()["code"] == "identity_already_chosen"
    assert owner_api.get("/api/v1/shop").json()["dropship_role"] == "merchant"
    assert DropshipIdentity.objects.get(shop=shop).role == "merchant"


def test_merchant_identity_needs_a_sender(owner_api, shop):
    response = owner_api.post(
        "/api/v1/dropship/identity", {"role": "merchant", "display_name": "多多优选"}
    )

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"sender_name", "sender_phone", "address"}
    assert not DropshipIdentity.objects.exists()


def test_manufacturer_identity_from_the_console_page(owner_client, shop):
    response = owner_client.post(
        "/dropship/", {"role": "manufacturer", "display_name": "好货源工厂"}, follow=True
    )

    page = response.content.decode()
    assert "代发身份已设置" in page
    assert "代发厂家" in page
    assert DropshipIdentity.objects.get(shop=shop).role == "manufacturer"


def test_finance_role_cannot_choose_the_identity(shop):
    finance = token_client(staff_of(shop, Role.FINANCE))

    response = finance.post("/api/v1/dropship/identity", MERCHANT_IDENTITY)

    assert response.status_code == 403
    assert not DropshipIdentity.objects.exists()
