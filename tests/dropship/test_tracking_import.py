"""回传 from a file, the manufacturer's batch path: it answered 500 on every upload (the view
recursed into itself). From the file to tracking_returned, with a result per row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dropship.models import DropshipOrder
from tests.factories.dropship import assign, bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def test_the_manufacturer_returns_tracking_numbers_from_a_file(owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    sku = make_product(merchant.shop, stock=5).skus.get()
    orders = [place(BuyerFactory(), sku) for _ in range(2)]
    assign(merchant, maker, orders)
    client = Client()
    client.force_login(maker.user)
    content = (
        "订单号,快递公司,运单号\n"
        f"{orders[0].order_sn},圆通,YT1234567890123\n"
        f"{orders[1].order_sn},圆通,not-a-number\n"
    ).encode("utf-8-sig")

    page = client.get("/dropship/tracking-import/")
    response = client.post(
        "/dropship/tracking-import/",
        {"file": SimpleUploadedFile("回传.csv", content, "text/csv")},
    )

    assert page.status_code == 200
    assert response.status_code == 200
    rows = {row.order_id: row for row in DropshipOrder.objects.filter(order__in=orders)}
    assert (rows[orders[0].pk].dropship_status, rows[orders[0].pk].tracking_no) == (
        "tracking_returned",
        "YT1234567890123",
    )
    assert rows[orders[1].pk].dropship_status == "assigned"
    body = response.content.decode()
    assert orders[1].order_sn in body  # the refused row is reported


def test_an_empty_upload_is_a_form_error(owner_membership):
    maker = make_manufacturer(owner_membership)
    client = Client()
    client.force_login(maker.user)

    response = client.post("/dropship/tracking-import/", {})

    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode() or "必填" in response.content.decode()
