"""A shop's searches read that shop's rows only: every index Postgres could use for a
prefix search (`LIKE 'prefix%'`, a `*_pattern_ops` index) on a table of shop data leads
with the shop.

A global one is a trap for the planner. Django adds one for each unique or indexed
`CharField` on Postgres: with 10,000 shops (bench.platform) the order number prefix search
of one shop read the matching numbers of every shop through it (30,613 entries, 10 ms;
0.3 ms through the shop's own index).
"""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def pattern_indexes_of_shop_tables() -> list[tuple[str, str, str]]:
    """(table, index, first column) of each pattern_ops index on a table with a shop_id."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.relname, i.relname, a.attname
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
            WHERE n.nspname = current_schema()
              AND pg_get_indexdef(x.indexrelid) LIKE '%%pattern_ops%%'
              AND EXISTS (
                  SELECT 1 FROM pg_attribute s
                  WHERE s.attrelid = t.oid AND s.attname = 'shop_id' AND NOT s.attisdropped
              )
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()


# Digests of secrets, only ever looked up whole (the `_like` index is Django's, unused).
WHOLE_VALUE_ONLY = {
    ("openplatform_authorizationcode", "code_digest"),
    ("openplatform_grant", "access_token_digest"),
    ("openplatform_grant", "refresh_token_digest"),
}


def test_every_prefix_index_on_shop_data_leads_with_the_shop():
    indexes = pattern_indexes_of_shop_tables()
    assert ("orders_order", "order_shop_sn_prefix_idx", "shop_id") in indexes
    global_ones = [
        (table, index)
        for table, index, first in indexes
        if first != "shop_id" and (table, first) not in WHOLE_VALUE_ONLY
    ]
    assert global_ones == []
