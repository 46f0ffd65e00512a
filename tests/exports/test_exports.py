"""导出: orders and the bill as CSV or XLSX, built in a worker, with progress and a
notification; refused input creates nothing; nobody else's file is reachable."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from exports import services
from exports.models import Export, ExportStatus
from exports.tasks import build_export_task
from merchant.models import Notification, Role
from orders import services as orders
from payouts import services as payouts
from tests.conftest import staff_of, token_client, wait_for
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import received_order
from tests.factories.products import make_product


@pytest.fixture
def placed(shop):
    sku = make_product(shop, stock=20).skus.get()
    paid = [place(BuyerFactory(), sku) for _ in range(3)]
    orders.ship_order(order=paid[0], carrier="SF", tracking_no=f"SF{paid[0].pk:013d}")
    return paid


def file_text(export) -> str:
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        return handle.read().decode("utf-8-sig")


def test_an_order_export_holds_the_filtered_orders_and_chosen_columns(shop, owner, placed):
    export = services.request_export(
        shop=shop,
        user=owner,
        kind="orders",
        file_format="csv",
        params="status=awaiting_shipment&cursor=abc&evil=1",
        columns=["tracking_no", "order_sn", "pay_amount"],
        language="zh-hans",
    )
    assert (export.row_count, export.params) == (2, {"status": "awaiting_shipment"})

    services.build_export(export_id=export.pk)

    rows = list(csv.reader(io.StringIO(file_text(export))))
    assert rows[0] == ["运单号", "订单号", "成交金额"]
    assert sorted(row[1] for row in rows[1:]) == sorted(order.order_sn for order in placed[1:])
    export.refresh_from_db()
    assert (export.status, export.rows_done, export.percent) == ("ready", 2, 100)
    notice = Notification.objects.get(user=owner, kind="exports.ready")
    assert notice.params["export_id"] == export.pk and notice.params["rows"] == 2


def test_the_bill_exports_as_xlsx_in_the_readers_language(shop, owner):
    received_order(shop)
    payouts.credit_order_income(order=received_order(shop, price="100.00"))
    export = services.request_export(
        shop=shop,
        user=owner,
        kind="payouts.ledger",
        file_format="xlsx",
        params={"kind": "order_income"},
        columns=None,
        language="en",
    )
    services.build_export(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Time", "Kind", "Amount"]
    assert len(rows) == 2 and rows[1][1] == "Order income"
    assert export.file.name.endswith(".xlsx") and "/bill-" in export.file.name


@pytest.mark.parametrize(
    ("who", "kind", "fields", "code"),
    [
        (Role.FINANCE, "orders", {}, "permission_denied"),
        (Role.OPERATIONS, "payouts.ledger", {}, "permission_denied"),
        (Role.OWNER, "nothing", {}, "validation_error"),
        (Role.OWNER, "orders", {"columns": ["order_sn", "password"]}, "validation_error"),
        (Role.OWNER, "orders", {"filters": {"paid_from": "2026-13-45"}}, "validation_error"),
        (Role.OWNER, "orders", {"file_format": "pdf"}, "validation_error"),
    ],
)
def test_refused_requests_create_nothing(shop, owner, placed, who, kind, fields, code):
    user = owner if who == Role.OWNER else staff_of(shop, who)
    body = {"kind": kind, "file_format": "csv", **fields}
    answer = token_client(user).post("/api/v1/exports", body, format="json")
    assert answer.json()["code"] == code, answer.json()
    assert answer.status_code in (400, 403)
    assert not Export.objects.exists()


def test_a_member_has_at_most_three_unfinished(shop, owner, owner_api, placed):
    for _ in range(3):
        assert (
            owner_api.post("/api/v1/exports", {"kind": "orders", "file_format": "csv"}).status_code
            == 202
        )
    fourth = owner_api.post("/api/v1/exports", {"kind": "orders", "file_format": "csv"})
    assert (fourth.status_code, fourth.json()["code"]) == (429, "exports_busy")
    assert Export.objects.count() == 3


def test_nobody_else_reads_or_downloads_an_export(shop, owner, owner_api, other_owner_api, placed):
    created = owner_api.post("/api/v1/exports", {"kind": "orders", "file_format": "csv"}).json()
    services.build_export(export_id=created["id"])
    colleague = token_client(staff_of(shop, Role.OPERATIONS))
    for client in (other_owner_api, colleague):
        assert client.get(f"/api/v1/exports/{created['id']}").status_code == 404
        assert client.get(f"/api/v1/exports/{created['id']}/download").status_code == 404
    mine = owner_api.get(f"/api/v1/exports/{created['id']}/download")
    assert mine.status_code == 200
    assert b"".join(mine.streaming_content).startswith("\ufeff".encode())


def test_a_failed_build_is_marked_and_told(shop, owner, placed, monkeypatch):
    export = services.request_export(
        shop=shop, user=owner, kind="orders", file_format="csv", language="zh-hans"
    )
    monkeypatch.setattr(services, "write_rows", lambda *args, **kwargs: 1 / 0)
    build_export_task(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.get_failure_reason_display()
    assert Notification.objects.filter(user=owner, kind="exports.failed").exists()
    page = Client()
    page.force_login(owner)
    assert "重试" in page.get(f"/exports/{export.pk}/").content.decode()
    assert page.get(f"/exports/{export.pk}/download/").status_code == 404


def test_the_sweep_queues_again_what_stalled_and_gives_up_after_three(shop, owner, placed):
    export = services.request_export(
        shop=shop, user=owner, kind="orders", file_format="csv", language="zh-hans"
    )
    Export.objects.filter(pk=export.pk).update(updated_at=timezone.now() - timedelta(minutes=6))
    assert services.requeue_stuck_exports() == 1
    Export.objects.filter(pk=export.pk).update(attempts=3, status=ExportStatus.RUNNING)
    assert services.build_export(export_id=export.pk).status == ExportStatus.FAILED


def test_the_quick_csv_sends_a_large_list_to_the_background(owner_client, placed, settings):
    settings.ORDER_QUICK_EXPORT_MAX = 2
    refused = owner_client.get("/orders/export.csv?tab=all", follow=True)
    assert "后台" in refused.content.decode()
    assert owner_client.get("/orders/export.csv?status=awaiting_shipment").status_code == 200


def test_the_page_asks_and_a_real_worker_builds_it(celery_worker, owner_membership):
    shop, owner = owner_membership.shop, owner_membership.user
    sku = make_product(shop, stock=20).skus.get()
    placed = [place(BuyerFactory(), sku) for _ in range(3)]
    client = Client()
    client.force_login(owner)
    page = client.get("/orders/?tab=all").content.decode()
    assert 'data-testid="export-form"' in page and 'value="tab=all"' in page

    posted = client.post(
        "/exports/new/",
        {
            "kind": "orders",
            "file_format": "xlsx",
            "columns": ["order_sn", "consignee_name"],
            "query": "tab=all",
        },
    )
    assert posted.status_code == 302 and posted["Location"].startswith("/exports/")
    export = Export.objects.get()
    assert wait_for(lambda: Export.objects.get().status == ExportStatus.READY)
    detail = client.get(posted["Location"]).content.decode()
    assert 'data-testid="export-download"' in detail and "100%" in detail
    download = client.get(f"/exports/{export.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4 and sheet["A1"].value == "订单号"
    assert {sheet.cell(row, 1).value for row in range(2, 5)} == {o.order_sn for o in placed}
    assert Notification.objects.filter(user=owner, kind="exports.ready").exists()
    assert "导出记录" in client.get("/exports/").content.decode()


def test_a_refused_page_request_goes_back_with_the_reason(owner_client, placed):
    back = owner_client.post(
        "/exports/new/",
        {"kind": "orders", "file_format": "csv", "columns": ["nope"], "query": "tab=all&x=1"},
    )
    assert back["Location"] == "/orders/?tab=all"
    assert "未知的列" in owner_client.get(back["Location"]).content.decode()
    assert not Export.objects.exists()
