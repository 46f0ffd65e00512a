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


def test_made_up_tracking_numbers_follow_each_carriers_format():
    import random

    from orders.carriers import CARRIERS, sample_tracking_no

    rng = random.Random(7)  # noqa: S311  (made-up numbers, not secrets)
    for code, carrier in CARRIERS.items():
        assert all(carrier.accepts(sample_tracking_no(code, rng)) for _ in range(50)), code
