"""schemathesis' object-level authorization check (OWASP API1, BOLA), run as its CLI runs it:
against the real ASGI application under uvicorn, with a Web Fuzzing Commons auth document
naming two merchants of different shops as peers. Whenever one peer reads an object of its
own (an id it created, or one its list shows and the other's does not), schemathesis
replays the read as the other peer, and the check fails if that peer gets the object.

Each shop starts with what its API lists: a product, orders (one awaiting shipment, one
shipped with an after-sale), a bank card, a withdrawal, a return address, a dropship
binding and a chat conversation, so the reads have ids to reuse; the stateful phase
chains creates into reads. Then, beyond the check, every object the first shop read in
the run is asked for by the second, which must get 404.
"""

import json
import re
import subprocess
import sys

import pytest
import requests

from chat.services import send_buyer_message
from merchant.services import add_return_address, issue_token
from orders import services as orders
from payouts import services as payouts
from tests.factories.dropship import bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product
from tests.processes import asgi_server, child_env

pytestmark = pytest.mark.django_db(transaction=True)


def shop_with_objects(label: str):
    merchant = make_merchant()
    shop, owner = merchant.shop, merchant.user
    buyer = BuyerFactory()
    product = make_product(shop, stock=50, title=f"{label} 商品")
    place(buyer, product.skus.get())
    shipped = place(buyer, product.skus.get())
    orders.ship_order(order=shipped, carrier="SF", tracking_no=f"SF{shipped.pk:013d}")
    orders.open_after_sale(
        order=shipped, buyer=buyer, reason="尺码不合适", amount=shipped.pay_amount
    )
    bind_card(shop, owner)
    give_balance(shop, "1200")
    payouts.request_withdrawal(shop=shop, amount="1000.00", requested_by=owner)
    send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text=f"{label} 在吗？")
    add_return_address(
        shop=shop,
        name=f"{label} 退货仓",
        phone="13700137000",
        province="浙江省",
        city="杭州市",
        district="余杭区",
        address="仓前街道 1 号",
    )
    bind(merchant, make_manufacturer())  # its dropship orders: the one awaiting shipment
    return owner


def test_no_merchant_reads_another_shops_objects(tmp_path):
    tokens = {label: issue_token(user=shop_with_objects(label)).key for label in ("alice", "bob")}
    auth = tmp_path / "auth.json"
    auth.write_text(
        json.dumps(
            {
                "auth": [
                    {
                        "name": name,
                        "fixedHeaders": [{"name": "Authorization", "value": f"Token {token}"}],
                    }
                    for name, token in tokens.items()
                ]
            }
        )
    )
    config = tmp_path / "schemathesis.toml"
    config.write_text(f'[auth.wfc]\npath = "{auth}"\npeers = ["alice", "bob"]\n')
    env = child_env(THROTTLE_USER="1000000/min")
    with asgi_server(env) as url:
        run = subprocess.run(  # noqa: S603  (schemathesis with our own arguments)
            [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run"]
            + [f"{url}/api/schema/", "--checks", "object_level_authorization,not_a_server_error"]
            + ["--max-examples", "10", "--seed", "20261125", "--no-color"]
            # No coverage phase: its boundary values (two thirds of the run's time) are
            # test_schema_fuzz's, in process; they read no object the fuzzing and stateful
            # phases do not read as well (the same 13 reads of alice's, measured).
            + ["--phases", "examples,fuzzing,stateful"]
            # Logging out (or revoking) with the peer's own token would end the run's token.
            + ["--exclude-path-regex", "^/api/v1/auth/(logout|tokens/)"]
            # A HAR of every request, with the tokens in it, tells the peers' requests apart.
            + ["--report", "har", "--report-dir", str(tmp_path / "report")]
            + ["--output-sanitize", "false"],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
            cwd=tmp_path,  # its cache (.schemathesis/) stays out of the project
        )
        assert run.returncode == 0, (run.stdout + run.stderr)[-6000:]

        # What the check probed, and beyond it: every object alice read in the run
        # (a path naming one object, answered 200), bob asks for, and is refused.
        (har,) = (tmp_path / "report").glob("har-*.json")
        alice_reads = {
            address
            for token, method, address, status in har_requests(har)
            if token == f"Token {tokens['alice']}"
            and method == "GET"
            and status == 200
            and OBJECT_URL.search(address)
        }
        assert len(alice_reads) >= 3, alice_reads  # products, orders, members at least
        as_bob = {"Authorization": f"Token {tokens['bob']}"}
        for address in alice_reads:
            answer = requests.get(address, headers=as_bob, timeout=10)
            assert answer.status_code == 404, (address, answer.status_code, answer.text[:200])


OBJECT_URL = re.compile(r"/(\d+|\d{6}-\d+)(/|\?|$)")  # a path naming one object


def har_requests(path):
    """(Authorization, method, URL, status) of each request of a schemathesis HAR report."""
    for entry in json.loads(path.read_text())["log"]["entries"]:
        headers = {h["name"].lower(): h["value"] for h in entry["request"]["headers"]}
        yield (
            headers.get("authorization", ""),
            entry["request"]["method"],
            entry["request"]["url"],
            entry["response"]["status"],
        )
