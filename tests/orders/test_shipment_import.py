"""导入发货: each row ships or is refused on its own (a NUL byte in row 2 left row 1 shipped
and the page saying nothing changed), XLSX as well as CSV, a template to fill in, and the
refused rows to download and correct."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from orders.models import Order
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(shop):
    sku = make_product(shop, stock=10).skus.get()
    return [place(BuyerFactory(), sku) for _ in range(3)]


def upload(client, name, content):
    return client.post("/orders/ship/import/", {"file": SimpleUploadedFile(name, content)})


def statuses(orders):
    return [Order.objects.get(pk=order.pk).status for order in orders]


def test_a_nul_byte_refuses_its_row_only_and_the_page_says_what_changed(owner_client, three):
    text = (
        "订单号,快递公司,运单号\n"
        f"{three[0].order_sn},SF,SF1234567890123\n"
        f"{three[1].order_sn},SF,SF12345\x0067890124\n"
        f"{three[2].order_sn},SF,SF1234567890125\n"
    )

    response = upload(owner_client, "发货.csv", text.encode("utf-8"))

    body = response.content.decode()
    assert response.status_code == 200
    assert statuses(three) == ["shipped", "awaiting_shipment", "shipped"]
    assert "共 3 单，成功发货 2 单。" in body
    assert "控制字符" in body


def test_an_xlsx_file_ships_too(owner_client, three):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["订单号", "快递公司", "运单号"])
    sheet.append([three[0].order_sn, "顺丰", "SF1234567890123"])
    sheet.append([three[1].order_sn, "YTO", "YT1234567890124"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(owner_client, "发货.xlsx", buffer.getvalue())

    assert statuses(three) == ["shipped", "shipped", "awaiting_shipment"]


def test_a_broken_xlsx_is_a_form_error(owner_client, three):
    response = upload(owner_client, "发货.xlsx", b"PK\x03\x04 not really a workbook")

    assert response.status_code == 200
    assert "XLSX" in response.content.decode()
    assert statuses(three) == ["awaiting_shipment"] * 3


def test_the_template_and_the_refused_rows_download(owner_client, three):
    template = owner_client.get("/orders/ship/import/template.csv")
    text = f"{three[0].order_sn},SF,bad\n{three[1].order_sn},SF,SF1234567890124\n"
    report = upload(owner_client, "发货.csv", text.encode())
    failed = owner_client.post(
        "/orders/ship/import/failed.csv",
        {
            "order_sn": [three[0].order_sn],
            "carrier": ["SF"],
            "tracking_no": ["=bad"],
            "detail": ["运单号格式不对"],
        },
    )

    header = next(csv.reader(io.StringIO(b"".join(template.streaming_content).decode("utf-8-sig"))))
    rows = list(csv.reader(io.StringIO(b"".join(failed.streaming_content).decode("utf-8-sig"))))
    assert header == ["订单号", "快递公司", "运单号"]
    assert 'data-testid="download-failed"' in report.content.decode()
    assert rows[1] == [three[0].order_sn, "SF", "'=bad", "运单号格式不对"]
