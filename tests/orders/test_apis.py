import pytest

from orders.models import Buyer
from tests.factories.merchant import PASSWORD

pytestmark = pytest.mark.django_db


def test_buyer_registers_and_logs_in_with_a_token(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/buyer/register",
        {"username": "buyer1", "password": PASSWORD, "nickname": "小美"},
    )

    assert response.status_code == 201
    buyer = Buyer.objects.get(user__username="buyer1")
    assert response.json() == {"buyer_id": buyer.pk}
    assert buyer.nickname == "小美"
    token = anonymous_api.post("/api/v1/auth/token", {"username": "buyer1", "password": PASSWORD})
    assert token.status_code == 200


def test_buyer_register_without_nickname_is_refused(anonymous_api):
    response = anonymous_api.post(
        "/api/v1/buyer/register", {"username": "buyer1", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {"nickname": ["此项为必填项。"]}
    assert not Buyer.objects.exists()
