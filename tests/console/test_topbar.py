"""The console's top bar: the bell's and the chat's unread badges on every page, read in one
round trip (every page of every member pays for it)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chat.services import send_buyer_message
from merchant.models import Role
from merchant.services import notify
from tests.conftest import staff_of
from tests.factories.orders import BuyerFactory

pytestmark = pytest.mark.django_db


def badge(page: str, testid: str) -> tuple[str, bool] | None:
    """A badge's number and whether it is hidden; None if the page has no such badge."""
    found = re.search(rf'<span ([^>]*data-testid="{testid}"[^>]*)>(\d+)<', page)
    return (found[2], " hidden" in found[1]) if found else None


def top_bar(user, path="/orders/"):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path).content.decode()
    tables = ("merchant_notification", "chat_conversation")
    return page, sum(any(table in query["sql"] for table in tables) for query in queries)


def test_the_badges_count_the_members_own_notices_and_the_shops_unread_messages(shop, owner):
    finance = staff_of(shop, Role.FINANCE)
    notify(shop=shop, users=[owner], kind="bank_card_bound")
    notify(shop=shop, users=[owner, finance], kind="bank_card_bound")
    for buyer, texts in ((BuyerFactory(), "你好 在吗 发货了吗"), (BuyerFactory(), "退款 谢谢")):
        for text in texts.split():
            send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text=text)

    page, round_trips = top_bar(owner)
    assert badge(page, "notification-unread") == ("2", False)
    assert badge(page, "unread-total") == ("5", False)
    assert round_trips == 1

    page, round_trips = top_bar(finance, "/payouts/")  # finance answers no chats: no badge
    assert badge(page, "notification-unread") == ("1", False)
    assert badge(page, "unread-total") is None
    assert round_trips == 1


def test_nothing_unread_shows_hidden_badges_at_zero(shop, owner):
    page, _ = top_bar(owner, "/dashboard/")
    assert badge(page, "notification-unread") == ("0", True)
    assert badge(page, "unread-total") == ("0", True)
