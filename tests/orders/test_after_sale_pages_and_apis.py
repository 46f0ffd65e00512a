"""售后 as the merchant works it in the console (tabs, counts, time left, batch agree, one
request's steps) and as clients drive it through the API (the buyer's every step, the
merchant's answers); refusals change nothing and say why."""

import pytest
from django.utils import timezone

from merchant.models import Role
from orders import services
from orders.models import AfterSale
from products.models import Sku
from tests.conftest import staff_of, token_client
from tests.factories.dropship import return_address
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def sku(shop):
    return make_product(shop, price="50.00", stock=50).skus.get()


def shipped_order(sku, buyer=None, n=0):
    order = place(buyer or BuyerFactory(), sku)
    services.ship_order(order=order, carrier="SF", tracking_no=f"SF12345678901{n:02d}")
    order.refresh_from_db()
    return order


def ask(order, kind="refund_only", amount="10.00"):
    return services.open_after_sale(
        order=order, buyer=order.buyer, reason="质量问题", amount=amount, kind=kind
    )


# --- console ------------------------------------------------------------------------------


def test_the_list_counts_each_open_tab_and_shows_the_time_left(owner_client, sku):
    pending = [ask(shipped_order(sku, n=n)) for n in range(3)]
    AfterSale.objects.filter(pk=pending[0].pk).update(
        deadline=timezone.now() + timezone.timedelta(hours=5, minutes=30)
    )

    page = owner_client.get("/after-sales/").content.decode()

    assert '待商家处理 <span class="tab-count text-danger">3</span>' in page
    assert "5小时29分" in page or "5小时30分" in page  # red: under 12 hours
    for after_sale in pending:
        assert f'name="after_sale" value="{after_sale.pk}"' in page


def test_the_list_page_costs_the_same_queries_for_5_or_25_rows(
    owner_client, sku, django_assert_max_num_queries
):
    for n in range(25):
        ask(shipped_order(sku, n=n))

    with django_assert_max_num_queries(14):
        response = owner_client.get("/after-sales/?tab=all")

    assert response.content.decode().count("data-after-sale=") == 20


def test_batch_agree_pays_the_refund_only_requests_and_names_the_rest(owner_client, sku, shop):
    refunds = [ask(shipped_order(sku, n=n)) for n in range(2)]
    a_return = ask(shipped_order(sku, n=9), kind="return_and_refund")

    response = owner_client.post(
        "/after-sales/approve/",
        {"after_sale": [refunds[0].pk, refunds[1].pk, a_return.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "已同意 2 笔退款" in page
    assert "1 个售后未能同意" in page
    assert set(AfterSale.objects.values_list("stage", flat=True)) == {
        "refunded",
        "awaiting_merchant",
    }


def test_the_detail_page_offers_the_steps_of_its_stage(owner_client, sku, shop):
    returned = ask(shipped_order(sku), kind="return_and_refund")

    without_address = owner_client.get(f"/after-sales/{returned.pk}/").content.decode()
    return_address(shop, is_default=True)
    with_address = owner_client.get(f"/after-sales/{returned.pk}/").content.decode()

    assert 'data-testid="no-return-address"' in without_address
    assert "同意退货" in with_address and "退货仓" in with_address
    assert "剩余" in with_address  # the time left on the merchant's 48 hours


def test_agreeing_a_return_then_confirming_it_from_the_page(owner_client, sku, shop):
    address = return_address(shop, is_default=True)
    order = shipped_order(sku)
    after_sale = ask(order, kind="return_and_refund", amount="50.00")

    owner_client.post(f"/after-sales/{after_sale.pk}/approve/", {"return_address": address.pk})
    services.ship_return(
        after_sale=after_sale, buyer=order.buyer, carrier="SF", tracking_no="SF1234567890999"
    )
    page = owner_client.get(f"/after-sales/{after_sale.pk}/").content.decode()
    owner_client.post(f"/after-sales/{after_sale.pk}/confirm-return/")

    after_sale.refresh_from_db()
    assert "SF1234567890999" in page and "收到退货，退款" in page
    assert after_sale.stage == "refunded"
    assert Sku.objects.get(pk=sku.pk).stock == 50  # the piece is back


def test_refusing_without_a_reason_shows_the_error_and_changes_nothing(owner_client, sku):
    after_sale = ask(shipped_order(sku))

    response = owner_client.post(f"/after-sales/{after_sale.pk}/refuse/", {"reason": ""})

    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    after_sale.refresh_from_db()
    assert after_sale.stage == "awaiting_merchant"


def test_a_resend_with_a_wrong_tracking_number_is_refused_on_its_form(owner_client, sku):
    after_sale = ask(shipped_order(sku), kind="resend", amount=None)

    response = owner_client.post(
        f"/after-sales/{after_sale.pk}/approve/", {"carrier": "YTO", "tracking_no": "123"}
    )

    assert response.status_code == 400
    assert "不是圆通" in response.content.decode()
    after_sale.refresh_from_db()
    assert after_sale.stage == "awaiting_merchant"


def test_another_shops_after_sale_pages_are_404(client, other_membership, sku):
    after_sale = ask(shipped_order(sku))
    client.force_login(other_membership.user)

    assert client.get(f"/after-sales/{after_sale.pk}/").status_code == 404
    assert client.post(f"/after-sales/{after_sale.pk}/approve/").status_code == 404
    assert client.post("/after-sales/approve/", {"after_sale": [after_sale.pk]}).status_code == 302
    after_sale.refresh_from_db()
    assert after_sale.stage == "awaiting_merchant"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.OPERATIONS, True), (Role.CUSTOMER_SERVICE, True), (Role.FINANCE, False)],
)
def test_who_may_handle_after_sales(shop, sku, role, allowed):
    from django.test import Client

    after_sale = ask(shipped_order(sku))
    client = Client()
    client.force_login(staff_of(shop, role))

    response = client.post(f"/after-sales/{after_sale.pk}/approve/")

    assert response.status_code == (302 if allowed else 403)
    after_sale.refresh_from_db()
    assert after_sale.stage == ("refunded" if allowed else "awaiting_merchant")


def test_the_dashboard_to_do_leads_to_the_pending_tab(owner_client, sku):
    ask(shipped_order(sku))

    page = owner_client.get("/dashboard/").content.decode()

    assert 'href="/after-sales/?tab=pending"' in page


# --- API ----------------------------------------------------------------------------------


def test_a_return_and_refund_driven_through_both_apis(owner_api, sku, shop):
    buyer = BuyerFactory()
    buyer_api = token_client(buyer.user)
    order = shipped_order(sku, buyer=buyer)
    address = return_address(shop)
    item = order.items.get()

    created = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {
            "kind": "return_and_refund",
            "reason_code": "quality",
            "reason": "拉链坏了",
            "amount": "50.00",
            "order_item_id": item.pk,
            "quantity": 1,
        },
        format="json",
    ).json()
    url = f"/api/v1/after-sales/{created['id']}"
    listed = owner_api.get("/api/v1/after-sales?tab=pending").json()["results"]
    agreed = owner_api.post(f"{url}/approve", {"return_address_id": address.pk}).json()
    bad = buyer_api.post(
        f"/api/v1/buyer/after-sales/{created['id']}/return-shipment",
        {"carrier": "SF", "tracking_no": "SF12"},
    )
    sent = buyer_api.post(
        f"/api/v1/buyer/after-sales/{created['id']}/return-shipment",
        {"carrier": "SF", "tracking_no": "SF1234567890999"},
    ).json()
    confirmed = owner_api.post(f"{url}/confirm-return").json()
    seen_by_buyer = buyer_api.get(f"/api/v1/buyer/after-sales/{created['id']}").json()

    assert (created["stage"], created["status"], created["kind"]) == (
        "awaiting_merchant",
        "in_progress",
        "return_and_refund",
    )
    assert [row["id"] for row in listed] == [created["id"]]
    assert agreed["stage"] == "awaiting_return"
    assert agreed["return_address"]["name"] == "退货仓"
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_tracking_no"
    assert sent["stage"] == "awaiting_receipt" and sent["return_tracking_no"] == "SF1234567890999"
    assert (confirmed["stage"], confirmed["status"]) == ("refunded", "refunded")
    assert seen_by_buyer["stage"] == "refunded"


def test_the_first_approve_path_under_the_order_still_answers(owner_api, sku):
    order = shipped_order(sku)
    after_sale = ask(order)

    response = owner_api.post(
        f"/api/v1/orders/{order.order_sn}/after-sales/{after_sale.pk}/approve"
    )
    wrong_order = owner_api.post(
        f"/api/v1/orders/{shipped_order(sku, n=5).order_sn}/after-sales/{after_sale.pk}/refuse",
        {"reason": "x"},
    )

    assert response.status_code == 200 and response.json()["status"] == "refunded"
    assert wrong_order.status_code == 404


def test_a_return_approved_with_another_shops_address_is_refused(owner_api, sku, other_shop):
    after_sale = ask(shipped_order(sku), kind="return_and_refund")

    response = owner_api.post(
        f"/api/v1/after-sales/{after_sale.pk}/approve",
        {"return_address_id": return_address(other_shop).pk},
    )

    assert response.status_code == 400
    assert response.json()["code"] == "return_address_required"


def test_batch_approve_in_the_api(owner_api, sku, other_shop):
    mine = ask(shipped_order(sku))
    theirs = ask(shipped_order(make_product(other_shop).skus.get()))

    response = owner_api.post(
        "/api/v1/after-sales/approve", {"ids": [mine.pk, theirs.pk]}, format="json"
    )

    assert response.json() == {
        "approved": [mine.pk],
        "rejected": [{"id": theirs.pk, "code": "not_found"}],
    }
    theirs.refresh_from_db()
    assert theirs.stage == "awaiting_merchant"


def test_the_buyer_withdraws_and_appeals_through_the_api(owner, sku):
    buyer = BuyerFactory()
    buyer_api = token_client(buyer.user)
    order = shipped_order(sku, buyer=buyer)
    withdrawn = ask(order)
    buyer_api.post(f"/api/v1/buyer/after-sales/{withdrawn.pk}/withdraw")
    refused = ask(order)
    services.refuse_after_sale(after_sale=refused, actor=owner, reason="商品完好")

    appealed = buyer_api.post(
        f"/api/v1/buyer/after-sales/{refused.pk}/appeal", {"reason": "有破损照片"}
    ).json()
    again = buyer_api.post(f"/api/v1/buyer/after-sales/{withdrawn.pk}/withdraw")
    mine = buyer_api.get("/api/v1/buyer/after-sales").json()["results"]

    assert appealed["stage"] == "platform_review"
    assert again.status_code == 400 and again.json()["code"] == "after_sale_not_open"
    assert [row["stage"] for row in mine] == ["platform_review", "withdrawn"]


def test_invalid_filters_are_a_400_naming_them(owner_api):
    response = owner_api.get("/api/v1/after-sales?tab=soon&created_from=2026-13-01")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"tab", "created_from"}
