"""账单明细: the fund page's and the API's ledger by kind, Shanghai days and order number, with
totals per kind that add up to what the list shows; bad filters are refused by name."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from payouts import services as payouts
from tests.factories.payouts import received_order

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def entries(shop, owner):
    """Two incomes: one at 23:30 on 11-30, one at 00:30 on 12-01, Shanghai time."""
    first = received_order(shop, price="100.00")
    second = received_order(shop, price="50.00")
    # The ledger is append-only: the entries are written at those times, not moved there.
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 30, 23, 30)):
        payouts.credit_order_income(order=first)
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 12, 1, 0, 30)):
        payouts.credit_order_income(order=second)
    return first, second


def at(*parts):
    return datetime(*parts, tzinfo=SHANGHAI)


def test_the_api_filters_by_kind_day_and_order(owner_api, entries):
    first, second = entries

    by_day = owner_api.get("/api/v1/payouts/ledger?created_from=2026-12-01&created_to=2026-12-01")
    by_order = owner_api.get(f"/api/v1/payouts/ledger?order_sn={first.order_sn}")
    by_kind = owner_api.get("/api/v1/payouts/ledger?kind=penalty")

    assert [row["ref"] for row in by_day.json()["results"]] == [f"order:{second.order_sn}"]
    assert [row["ref"] for row in by_order.json()["results"]] == [f"order:{first.order_sn}"]
    assert by_kind.json()["results"] == []


def test_totals_per_kind_add_up_to_the_entries(owner_api, entries):
    totals = owner_api.get("/api/v1/payouts/ledger/totals?kind=order_income").json()

    assert totals == [
        {
            "kind": "order_income",
            "label": "订单收入",
            "count": 2,
            "amount": "149.10",
            "available": "149.10",
            "frozen": "0.00",
        }
    ]


def test_bad_filters_are_refused_by_name(owner_api):
    response = owner_api.get("/api/v1/payouts/ledger?kind=gift&created_from=2026-02-30")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"kind", "created_from"}


def test_the_fund_page_filters_and_shows_totals(owner_client, entries):
    first, _second = entries

    page = owner_client.get(f"/payouts/?order_sn={first.order_sn}").content.decode()
    bad = owner_client.get("/payouts/?created_from=2026-13-01").content.decode()

    assert 'data-testid="ledger-totals"' in page and "+¥99.40" in page
    assert page.count(first.order_sn) >= 1 and "1 笔" in page
    assert 'data-testid="ledger-filter-errors"' in bad


def test_another_shops_entries_never_count(other_owner_api, entries):
    assert other_owner_api.get("/api/v1/payouts/ledger/totals").json() == []
    assert other_owner_api.get("/api/v1/payouts/ledger").json()["results"] == []


def test_a_daily_bill_opens_where_the_day_before_closed_and_reconciles(owner_api, entries):
    before = owner_api.get("/api/v1/payouts/bills/daily?day=2026-11-30").json()
    day = owner_api.get("/api/v1/payouts/bills/daily?day=2026-12-01").json()
    quiet = owner_api.get("/api/v1/payouts/bills/daily?day=2026-12-02").json()

    assert (before["opening_available"], before["closing_available"]) == ("0.00", "99.40")
    assert (day["opening_available"], day["closing_available"]) == ("99.40", "149.10")
    assert day["totals"] == [
        {
            "kind": "order_income",
            "label": "订单收入",
            "count": 1,
            "amount": "49.70",
            "available": "49.70",
            "frozen": "0.00",
        }
    ]
    assert day["reconciles"] and before["reconciles"]
    assert (quiet["opening_available"], quiet["closing_available"], quiet["totals"]) == (
        "149.10",
        "149.10",
        [],
    )


def test_a_withdrawal_moves_both_balances_and_the_bill_still_reconciles(shop, owner, owner_api):
    from tests.factories.payouts import bind_card, give_balance

    bind_card(shop, owner)
    give_balance(shop, "1200")
    payouts.request_withdrawal(shop=shop, amount="1000.00", requested_by=owner)
    today = owner_api.get(
        "/api/v1/payouts/bills/daily", {"day": timezone.localdate().isoformat()}
    ).json()

    assert today["reconciles"]
    assert today["closing_frozen"] == "1000.00"
    assert {row["kind"] for row in today["totals"]} == {"order_income", "withdrawal"}


def test_the_daily_bill_page_and_a_bad_day(owner_client, entries):
    page = owner_client.get("/payouts/bills/daily/?day=2026-12-01").content.decode()
    bad = owner_client.get("/payouts/bills/daily/?day=2026-02-30").content.decode()
    api_bad = owner_client.get("/api/v1/payouts/bills/daily?day=yesterday")

    assert 'data-testid="reconciles"' in page and "¥149.10" in page
    assert 'data-testid="day-error"' in bad and 'data-testid="daily-bill"' not in bad
    assert api_bad.status_code == 400 and "day" in api_bad.json()["fields"]
