"""平台介入 in Django admin: an appealed after-sale is decided only by an admin with the
explicit permission, after giving a reason; the decision is on the order's timeline and
moves the money through the same service as everything else."""

import pytest

from orders import services
from orders.models import AfterSale, OrderEvent
from tests.factories.merchant import staff_client
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/orders/aftersale/"


@pytest.fixture
def appealed(shop, owner):
    order = place(BuyerFactory(), make_product(shop, price="80.00").skus.get())
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    after_sale = services.open_after_sale(
        order=order, buyer=order.buyer, reason="少发一件", amount="30.00"
    )
    services.refuse_after_sale(after_sale=after_sale, actor=owner, reason="已全部发出")
    services.appeal_after_sale(after_sale=after_sale, buyer=order.buyer, reason="只收到一件")
    return after_sale


def decide(client, after_sale, action, **data):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [after_sale.pk], **data})


def test_viewing_or_changing_is_not_deciding(appealed):
    client, _user = staff_client("view_aftersale", "change_aftersale")

    listing = client.get(CHANGELIST).content.decode()
    decide(client, appealed, "platform_refund", apply="1", note="证据充分")

    assert "platform_refund" not in listing
    appealed.refresh_from_db()
    assert appealed.stage == "platform_review"


def test_deciding_asks_for_the_reason_first_then_refunds(appealed):
    client, admin_user = staff_client("view_aftersale", "intervene_aftersale")

    asked = decide(client, appealed, "platform_refund")
    empty = decide(client, appealed, "platform_refund", apply="1", note="")
    decide(client, appealed, "platform_refund", apply="1", note="买家照片显示少件")

    assert "买家照片显示少件" not in asked.content.decode()
    assert 'name="note"' in asked.content.decode() and appealed.order.order_sn in (
        asked.content.decode()
    )
    assert empty.status_code == 200  # the page again, with the field's error
    appealed.refresh_from_db()
    assert (appealed.stage, appealed.platform_note) == ("refunded", "买家照片显示少件")
    event = OrderEvent.objects.get(order=appealed.order, kind="after_sale_refunded")
    assert (event.actor_kind, event.actor) == ("admin", admin_user)


def test_a_request_not_under_review_is_named_and_left(appealed, owner):
    client, _user = staff_client("view_aftersale", "intervene_aftersale")
    other = services.open_after_sale(
        order=place(BuyerFactory(), make_product(appealed.shop).skus.get()),
        buyer=BuyerFactory(),
        reason="x",
        amount="1.00",
    )

    response = client.post(
        CHANGELIST,
        {
            "action": "platform_refuse",
            "_selected_action": [appealed.pk, other.pk],
            "apply": "1",
            "note": "证据不足",
        },
        follow=True,
    )

    assert f"#{other.pk}" in response.content.decode()
    assert dict(AfterSale.objects.values_list("pk", "stage")) == {
        appealed.pk: "platform_refused",
        other.pk: "awaiting_merchant",
    }
