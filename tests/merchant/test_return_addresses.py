"""Return addresses can be added, edited, made default and deleted, on the page and through
the API; phone numbers are checked (there and on the dropship identity)."""

import pytest

from common.exceptions import InvalidInput
from dropship.models import DropshipRole
from dropship.services import choose_identity
from merchant import services
from merchant.models import ReturnAddress

pytestmark = pytest.mark.django_db
ADDRESS = {
    "name": "退货仓",
    "phone": "0571-8888 6666",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "仓前街道 1 号",
}


def listed(shop):
    return list(
        ReturnAddress.objects.filter(shop=shop, deleted_at=None)
        .order_by("id")
        .values_list("name", "is_default")
    )


def test_the_first_address_is_the_default_and_the_page_changes_it(owner_client, shop):
    services.add_return_address(shop=shop, **ADDRESS)
    second = services.add_return_address(shop=shop, **{**ADDRESS, "name": "二号仓"})

    owner_client.post(f"/settings/return-addresses/{second.pk}/default/")

    assert listed(shop) == [("退货仓", False), ("二号仓", True)]


def test_editing_on_the_page_checks_the_phone(owner_client, shop):
    address = services.add_return_address(shop=shop, **ADDRESS)
    url = f"/settings/return-addresses/{address.pk}/"

    bad = owner_client.post(url, {**ADDRESS, "phone": "12345"})
    good = owner_client.post(url, {**ADDRESS, "name": "新仓库", "phone": "138 0013 8000"})

    assert bad.status_code == 400 and "区号" in bad.content.decode()
    assert good.status_code == 302
    address.refresh_from_db()
    assert (address.name, address.phone) == ("新仓库", "13800138000")


def test_deleting_the_default_hands_it_to_the_newest(owner_client, shop):
    first = services.add_return_address(shop=shop, **ADDRESS)
    services.add_return_address(shop=shop, **{**ADDRESS, "name": "二号仓"})
    services.add_return_address(shop=shop, **{**ADDRESS, "name": "三号仓"})

    owner_client.post(f"/settings/return-addresses/{first.pk}/delete/")
    page = owner_client.get("/settings/").content.decode()

    assert listed(shop) == [("二号仓", False), ("三号仓", True)]
    assert ReturnAddress.objects.filter(pk=first.pk).exists()  # kept for shipped orders
    assert "仓前街道 1 号" in page and page.count("退货仓") == 0


def test_the_api_lists_pages_edits_and_deletes(owner_api, other_owner_api, shop):
    created = owner_api.post("/api/v1/merchant/return-addresses", ADDRESS, format="json").json()
    url = f"/api/v1/merchant/return-addresses/{created['id']}"

    page = owner_api.get("/api/v1/merchant/return-addresses").json()
    bad = owner_api.patch(url, {"phone": "0000"}, format="json")
    good = owner_api.patch(url, {"city": "宁波市"}, format="json")
    foreign = other_owner_api.delete(url)
    deleted = owner_api.delete(url)

    assert created["is_default"] is True and created["phone"] == "057188886666"
    assert set(page) >= {"results", "next", "previous"}
    assert (bad.status_code, list(bad.json()["fields"])) == (400, ["phone"])
    assert good.json()["city"] == "宁波市"
    assert foreign.status_code == 404
    assert deleted.status_code == 204
    assert owner_api.get(url).status_code == 404


@pytest.mark.parametrize("phone", ["12345", "138001380000", "１３８００１３８０００", "abc"])
def test_the_dropship_senders_phone_is_checked(shop, phone):
    with pytest.raises(InvalidInput) as refused:
        choose_identity(
            shop=shop,
            role=DropshipRole.MERCHANT,
            display_name="多多优选",
            sender_name="张店长",
            sender_phone=phone,
            address="杭州市",
        )
    assert "sender_phone" in refused.value.fields
