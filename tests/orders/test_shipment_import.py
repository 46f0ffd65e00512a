"""导入发货: each row ships or is refused on its own (a NUL byte in row 2 left row 1 shipped
and the page saying nothing changed), XLSX as well as CSV, a template to fill in, and the
refused rows to download and correct."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from orders.models import Order, ShipmentImport
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(shop):
    sku = make_product(shop, stock=10).skus.get()
    return [place(BuyerFactory(), sku) for _ in range(3)]


def upload(client, name, content):
    """The upload redirects to the import's page, which shows the report once it is done."""
    return client.post(
        "/orders/ship/import/", {"file": SimpleUploadedFile(name, content)}, follow=True
    )


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
    failed = owner_client.get(f"{response.redirect_chain[-1][0]}failed.csv")
    refused = b"".join(failed.streaming_content).decode("utf-8-sig").splitlines()[1]
    assert refused.startswith(f"{three[1].order_sn},SF,SF1234567890124,")  # all it said


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
    text = f"{three[0].order_sn},SF,=bad\n{three[1].order_sn},SF,SF1234567890124\n"
    report = upload(owner_client, "发货.csv", text.encode())
    failed = owner_client.get(f"{report.redirect_chain[-1][0]}failed.csv")

    header = next(csv.reader(io.StringIO(b"".join(template.streaming_content).decode("utf-8-sig"))))
    rows = list(csv.reader(io.StringIO(b"".join(failed.streaming_content).decode("utf-8-sig"))))
    assert header == ["订单号", "快递公司", "运单号"]
    assert 'data-testid="download-failed"' in report.content.decode()
    assert len(rows) == 2  # the header and the one refused row
    assert rows[1][:3] == [three[0].order_sn, "SF", "'=bad"]  # a formula, neutralised
    assert "运单号" in rows[1][3]


@pytest.fixture
def large_files(settings):
    """Any file of more than two rows counts as large here: it goes to the worker."""
    settings.SHIPMENT_IMPORT_INLINE_ROWS = 2


def test_a_large_file_ships_in_the_worker_while_the_page_shows_progress(
    celery_worker, large_files, owner_membership
):
    from django.test import Client

    from tests.conftest import wait_for

    client = Client()
    client.force_login(owner_membership.user)
    sku = make_product(owner_membership.shop, stock=10).skus.get()
    orders = [place(BuyerFactory(), sku) for _ in range(4)]
    lines = [f"{order.order_sn},SF,SF12345678901{n:02d}" for n, order in enumerate(orders)]
    lines.append("261203-000000000000000,SF,SF1234567890199")  # no such order

    posted = client.post(
        "/orders/ship/import/",
        {"file": SimpleUploadedFile("big.csv", "\n".join(lines).encode())},
    )
    page_url = posted["Location"]

    assert posted.status_code == 302  # the request does not wait for the shipping
    job = ShipmentImport.objects.get()
    assert job.total == 5
    assert wait_for(lambda: ShipmentImport.objects.get().status == "done")
    report = client.get(page_url).content.decode()
    listed = client.get("/orders/ship/import/").content.decode()
    assert statuses(orders) == ["shipped"] * 4
    assert "共 5 单，成功发货 4 单。" in report
    assert "261203-000000000000000" in report and 'data-testid="download-failed"' in report
    assert page_url in listed  # under 最近导入


def test_an_import_left_half_done_goes_on_where_it_stopped(large_files, owner_membership):
    from orders import services

    sku = make_product(owner_membership.shop, stock=10).skus.get()
    orders = [place(BuyerFactory(), sku) for _ in range(3)]
    rows = [
        {"order_sn": order.order_sn, "carrier": "SF", "tracking_no": f"SF12345678901{n:02d}"}
        for n, order in enumerate(orders)
    ]
    job = services.start_shipment_import(
        shop=owner_membership.shop, rows=rows, actor=owner_membership.user
    )
    # The worker died after the first chunk of one row had committed.
    services.ship_orders_batch(shop=owner_membership.shop, rows=rows[:1], actor=None)
    ShipmentImport.objects.filter(pk=job.pk).update(processed=1, shipped_count=1)
    ShipmentImport.objects.filter(pk=job.pk).update(
        results=[{**rows[0], "ok": True, "code": "", "detail": ""}]
    )

    services.process_shipment_import(import_id=job.pk)
    again = services.process_shipment_import(import_id=job.pk)  # a redelivered task

    assert statuses(orders) == ["shipped"] * 3
    assert (again.status, again.processed, again.shipped_count) == ("done", 3, 3)
    assert [row["ok"] for row in again.results] == [True, True, True]


def test_another_shops_import_is_404(owner_client, other_membership, three):
    from orders import services

    job = services.start_shipment_import(
        shop=other_membership.shop,
        rows=[{"order_sn": "x", "carrier": "SF", "tracking_no": "SF1"}],
        actor=other_membership.user,
    )

    assert owner_client.get(f"/orders/ship/import/{job.pk}/").status_code == 404
    assert owner_client.get(f"/orders/ship/import/{job.pk}/failed.csv").status_code == 404


def test_a_file_name_with_control_characters_is_kept_without_them(owner_membership, three):
    from orders import services

    job = services.start_shipment_import(
        shop=owner_membership.shop,
        rows=[{"order_sn": three[0].order_sn, "carrier": "SF", "tracking_no": "SF1234567890123"}],
        actor=owner_membership.user,
        file_name="发货\x00\x07.csv",
    )

    assert ShipmentImport.objects.get(pk=job.pk).file_name == "发货.csv"
