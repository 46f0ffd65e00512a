"""Our Postgres backend reads `timestamptz` as Django's own does, only faster
(common/postgresql/base.py): same values, same time zone attached, same errors."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import get_adapters_template
from psycopg import DataError
from psycopg.postgres import types
from psycopg.pq import Format

from common.postgresql.base import IsoTzLoader
from tests.factories.merchant import ShopFactory

pytestmark = pytest.mark.django_db
TIMESTAMPTZ_OID = types["timestamptz"].oid

TEXTS = [
    "2026-11-25 21:45:31.123456+08",
    "2026-11-25 00:00:00+00",
    "2026-11-24 16:00:00.5-05:30",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "1900-01-01 00:00:00+08:05:43",
]


def load(texts, *, django_stock: bool):
    """The values of `texts` read through our connection, or with Django's own loader."""
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        if django_stock:
            stock = get_adapters_template(True, connection.timezone)
            loader = stock.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            cursor.adapters.register_loader("timestamptz", loader)
        placeholders = ", ".join(["%s::timestamptz"] * len(texts))
        return cursor.execute(f"SELECT {placeholders}", texts).fetchone()  # noqa: S608


def test_the_connection_uses_our_loader():
    connection.ensure_connection()
    loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)

    assert issubclass(loader, IsoTzLoader)


def test_times_are_read_as_django_reads_them():
    ours = load(TEXTS, django_stock=False)
    stock = load(TEXTS, django_stock=True)

    assert ours == stock
    assert [value.tzinfo for value in ours] == [value.tzinfo for value in stock]
    assert ours[0] == datetime(2026, 11, 25, 13, 45, 31, 123456, tzinfo=UTC)


@pytest.mark.parametrize("text", ["infinity", "0044-03-15 00:00:00+00 BC", "10000-01-01 00:00+00"])
def test_times_python_cannot_hold_fail_as_they_did(text):
    with pytest.raises(DataError):
        load([text], django_stock=True)
    with pytest.raises(DataError):
        load([text], django_stock=False)


def test_the_orm_reads_aware_times_in_utc():
    shop = ShopFactory()

    created_at = type(shop).objects.values_list("created_at", flat=True).get(pk=shop.pk)

    assert created_at == shop.created_at
    assert created_at.tzinfo is UTC
