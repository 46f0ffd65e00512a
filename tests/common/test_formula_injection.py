"""User data in CSV and XLSX files never becomes a formula (CSV/formula injection): a buyer
names themselves `=HYPERLINK(...)`, a merchant titles a product `@SUM(...)`; the
manufacturer's print, the order export and statements keep them as text."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from common.spreadsheets import csv_cell
from dropship import services, statements
from tests.factories.dropship import (
    assign,
    bind,
    make_manufacturer,
    make_merchant,
    return_address,
    todays_statement,
)
from tests.factories.orders import CONSIGNEE, BuyerFactory, place
from tests.factories.products import make_product

ROOT = settings.BASE_DIR
EVIL_NAME = '=HYPERLINK("//e.cn")'
EVIL_ADDRESS = '+cmd|" /C calc"!A0'
EVIL_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-12.50", "-12.50"),  # money stays a number
        ("张三", "张三"),
        (42, 42),
        (None, None),
    ],
)
def test_a_cell_that_would_be_a_formula_is_neutralised(value, written):
    assert csv_cell(value) == written


@pytest.fixture
def world(owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    binding = bind(merchant, maker)
    sku = make_product(merchant.shop, price="30.00", stock=5, title=EVIL_TITLE).skus.get()
    services.set_supply_price(binding=binding, sku=sku, price="18.50")
    consignee = {**CONSIGNEE, "name": EVIL_NAME, "address": EVIL_ADDRESS}
    order = place(BuyerFactory(), sku, 1, consignee=consignee)
    assign(merchant, maker, [order])
    return merchant, maker, order


def print_file(maker, order, output):
    client = Client()
    client.force_login(maker.user)
    return client.post("/dropship/print/", {"order_sn": [order.order_sn], "format": output})


@pytest.mark.django_db
def test_the_manufacturers_xlsx_print_keeps_the_consignee_as_text(world):
    _merchant, maker, order = world

    response = print_file(maker, order, "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {cell.value: cell.data_type for cell in sheet[2]}
    assert cells[EVIL_NAME] == "s"
    assert all(
        data_type != "f" for row in sheet.iter_rows() for data_type in [c.data_type for c in row]
    )


@pytest.mark.django_db
def test_the_manufacturers_csv_print_neutralises_the_consignee(world):
    _merchant, maker, order = world

    response = print_file(maker, order, "csv")

    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[1][2] == "'" + EVIL_NAME
    assert rows[1][4].startswith("浙江省")  # the joined address starts with the province


@pytest.mark.django_db
def test_the_order_export_neutralises_the_consignee(world, owner_client):
    _merchant, _maker, order = world

    response = owner_client.get("/orders/export.csv")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert row[header.index("收货人")] == "'" + EVIL_NAME
    assert row[header.index("地址")] == "'" + EVIL_ADDRESS
    assert row[header.index("商品")].startswith("'" + EVIL_TITLE)


@pytest.mark.django_db
def test_statements_keep_product_titles_as_text(world):
    merchant, maker, order = world
    services.return_tracking(
        manufacturer_shop=maker.shop,
        order_sn=order.order_sn,
        carrier="YTO",
        tracking_no="YT1234567890120",
        actor=maker.user,
    )
    services.ship_online(
        merchant_shop=merchant.shop,
        order_sns=[order.order_sn],
        return_address_id=return_address(merchant.shop).pk,
        actor=merchant.user,
    )
    statement = statements.build_statement(statement=todays_statement(merchant, maker))

    with statement.csv_file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig"))))
    with statement.xlsx_file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    assert rows[1][2] == "'" + EVIL_TITLE
    titles = [row[2] for row in sheet.iter_rows(min_row=2, max_row=2)]
    assert (titles[0].value, titles[0].data_type) == (EVIL_TITLE, "s")


def test_every_spreadsheet_row_goes_through_the_helpers():
    """The class: a `writerow(` or `sheet.append(` in the product's code that does not pass
    its row through csv_row / xlsx_row writes user data raw."""
    offenders = []
    for path in ROOT.glob("*/*.py"):
        if ".venv" in path.parts or path.parts[-2] in {"tests", "bench"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if "writerow(" in line and "csv_row(" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
            if re.search(r"\bsheet\.append\(", line) and "xlsx_row(" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
