"""An ERP's first day against the console, with Pinduoduo's Python SDK (pip install pdd-sdk)
unchanged: only the host differs. Run `make run`, register the app, then run this:

    .venv/bin/python manage.py create_open_app --name 示例ERP \\
        --redirect-uri http://127.0.0.1:8765/callback
    CLIENT_ID=… CLIENT_SECRET=… python examples/pdd_erp.py

It prints the authorisation link; open it, log in as `demo` and press 同意授权. The
browser comes back to this script (a one-request server on 127.0.0.1:8765), which trades
the code for tokens, reads the shop, lists the orders awaiting shipment, ships the oldest
and prints what it did. CODE=… skips the browser (a code you already have).
"""

import os
import secrets
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pdd_sdk
from pdd_sdk.api.base import DdkException, RestApi

HOST = os.environ.get("PDD_HOST", "127.0.0.1")
PORT = int(os.environ.get("PDD_PORT", "8000"))
CALLBACK = ("127.0.0.1", 8765)
REDIRECT_URI = f"http://{CALLBACK[0]}:{CALLBACK[1]}/callback"
APP = pdd_sdk.appinfo(os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"])


def call(api: str, session=None, **params) -> dict:
    """One API call with the SDK: its request classes are one per type, so make one."""
    request = type("Request", (RestApi,), {"getapiname": lambda self: api})(HOST, PORT)
    request.set_app_info(APP)
    for name, value in params.items():
        setattr(request, name, value)
    return request.getResponse(authrize=session)


def wait_for_code() -> str:
    """The consent page sends the browser to REDIRECT_URI?code=…&state=…: catch it."""
    state = secrets.token_urlsafe(8)  # ties the answer to this request
    link = f"http://{HOST}:{PORT}/open/authorize?" + urlencode(
        {
            "response_type": "code",
            "client_id": APP.appkey,
            "redirect_uri": REDIRECT_URI,
            "state": state,
        }
    )
    print(f"Authorise the app as the shop's owner:\n  {link}\n", flush=True)
    answer = {}

    class Callback(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  (http.server's name)
            answer.update(parse_qs(urlsplit(self.path).query))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.end_headers()
            self.wfile.write("授权完成，可以关闭此页。".encode())

        def log_message(self, *args):
            pass

    with HTTPServer(CALLBACK, Callback) as server:
        server.handle_request()
    if answer.get("state") != [state] or "code" not in answer:
        sys.exit(f"no code came back: {answer}")
    return answer["code"][0]


def main():
    code = os.environ.get("CODE") or wait_for_code()
    tokens = call("pdd.pop.auth.token.create", code=code)["pop_auth_token_create_response"]
    session = tokens["access_token"]
    print(
        f"Authorised by shop {tokens['owner_name']} (店铺ID {tokens['owner_id']}), "
        f"token valid {tokens['expires_in'] // 3600} h"
    )

    server_time = call("pdd.time.get")["time_get_response"]["time"]
    now = int(time.time())
    orders = call(
        "pdd.order.list.get",
        session,
        start_confirm_at=now - 86400,
        end_confirm_at=now,
        order_status=1,
        refund_status=1,
        page=1,
        page_size=100,
    )["order_list_get_response"]
    print(
        f"Server time {server_time}: {orders['total_count']} orders awaiting shipment "
        "in the last 24 h"
    )
    if not orders["order_list"]:
        return
    oldest = orders["order_list"][0]
    items = ", ".join(f"{i['goods_name']} × {i['goods_count']}" for i in oldest["item_list"])
    print(
        f"  oldest: {oldest['order_sn']} paid {oldest['pay_time']}, ¥{oldest['pay_amount']}, "
        f"{items}, to {oldest['receiver_name']} in {oldest['city']}"
    )

    companies = call("pdd.logistics.companies.get")["logistics_companies_get_response"]
    sf = next(c for c in companies["logistics_companies"] if c["code"] == "SF")
    tracking = "SF" + "".join(secrets.choice("0123456789") for _ in range(13))
    try:
        call(
            "pdd.logistics.online.send",
            session,
            order_sn=oldest["order_sn"],
            logistics_id=sf["id"],
            tracking_number=tracking,
        )
    except DdkException as refusal:  # the SDK raises on error_response (its fields stay None)
        sys.exit(f"  shipping refused: {refusal}")
    status = call("pdd.order.status.get", session, order_sns=oldest["order_sn"])
    shipped = status["order_status_get_response"]["order_status_list"][0]
    print(
        f"  shipped with {sf['logistics_company']} {tracking}: order_status "
        f"{shipped['order_status']} (2 = 已发货待签收). See it on the order's timeline."
    )


if __name__ == "__main__":
    main()
