"""Chat on loopback: hold N buyer sockets plus the shop's socket on one uvicorn worker,
then send a burst of buyer messages over HTTP and time how long each takes to reach the
shop's socket. `python -m bench.chat [sockets] [messages]` (Postgres and Redis on localhost)."""

import asyncio
import json
import os
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from bench import BENCH_DATABASE_URL, save_section, setup_django

SENDERS = int(os.environ.get("BENCH_CHAT_SENDERS", "8"))


def prepare(count: int):
    from django.core.management import call_command

    from merchant.models import Role
    from merchant.services import add_staff, issue_token, register_merchant
    from orders.models import Buyer
    from orders.services import register_buyer

    call_command("migrate", verbosity=0)
    from merchant.models import Shop

    shop = Shop.objects.filter(name="bench_chat").first()
    if shop is None:
        shop = register_merchant(
            username="bench_chat", password="bench-pass-2026", shop_name="bench_chat"
        ).shop
        add_staff(
            shop=shop,
            username="bench_chat_kefu",
            password="bench-pass-2026",
            role=Role.CUSTOMER_SERVICE,
        )
    kefu = shop.memberships.get(role=Role.CUSTOMER_SERVICE).user
    buyers = list(Buyer.objects.filter(nickname="bench_chat_buyer").order_by("id")[:count])
    for index in range(len(buyers), count):
        buyers.append(
            register_buyer(
                username=f"bench_chat_buyer_{index}",
                password="bench-pass-2026",
                nickname="bench_chat_buyer",
            )
        )
    return shop.shop_no, issue_token(user=kefu).key, [issue_token(user=b.user).key for b in buyers]


def post(base, token, body, sent_at):
    sent_at[body["text"]] = time.perf_counter()  # when the request really starts
    request = urllib.request.Request(  # noqa: S310
        f"{base}/api/v1/buyer/chat/messages",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status


def ticket(base, token) -> str:
    request = urllib.request.Request(  # noqa: S310
        f"{base}/api/v1/chat/socket-ticket",
        data=b"",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())["ticket"]


async def run(base, shop_no, kefu_token, buyer_tokens, messages):
    import websockets

    url = f"{base.replace('http', 'ws', 1)}/ws/chat/?ticket="
    # Native clients: no Origin, a one-time ticket per socket (POST /chat/socket-ticket).
    held = [await websockets.connect(url + ticket(base, token)) for token in buyer_tokens]
    shop_socket = await websockets.connect(url + ticket(base, kefu_token))
    print(f"sockets open on one worker: {len(held) + 1}")
    sent_at, latencies, pushes = {}, [], []

    async def listen():
        while len(latencies) < messages:
            event = json.loads(await shop_socket.recv())
            text = event["message"]["text"]
            if text.startswith("burst "):
                latencies.append(time.perf_counter() - sent_at[text])
                saved = datetime.fromisoformat(event["message"]["created_at"]).timestamp()
                pushes.append(time.time() - saved)

    listener = asyncio.create_task(listen())
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        jobs = []
        for index in range(messages):
            text = f"burst {index}"
            token = buyer_tokens[index % len(buyer_tokens)]
            body = {"shop_no": shop_no, "text": text}
            jobs.append(loop.run_in_executor(pool, post, base, token, body, sent_at))
        statuses = await asyncio.gather(*jobs)
        await asyncio.wait_for(listener, timeout=60)
    latencies.sort()
    pushes.sort()
    print(
        f"saved -> on the shop's socket: p50 {statistics.median(pushes) * 1000:.1f} ms, "
        f"p99 {pushes[int(len(pushes) * 0.99) - 1] * 1000:.1f} ms"
    )
    print(
        f"burst of {messages} messages from {len(buyer_tokens)} buyers, {SENDERS} senders; "
        f"request start -> on the shop's socket: "
        f"all {statuses.count(201)} accepted, "
        f"delivery p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    for socket in [*held, shop_socket]:
        await socket.close()
    return {
        "sockets_on_one_worker": len(held) + 1,
        "messages": messages,
        "senders": SENDERS,
        "accepted": statuses.count(201),
        "delivered": len(latencies),
        "delivery_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "delivery_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "push_p50_ms": round(statistics.median(pushes) * 1000, 1),
        "push_p99_ms": round(pushes[int(len(pushes) * 0.99) - 1] * 1000, 1),
    }


def main():
    sockets = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    messages = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    setup_django()
    shop_no, kefu_token, buyer_tokens = prepare(sockets)
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "CHAT_BUYER_RATE": "1000/min",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    import redis

    from tests.processes import asgi_server

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # no stale group members from earlier runs
    with asgi_server(env, options=("--ws-max-queue", "64")) as base:
        results = asyncio.run(run(base, shop_no, kefu_token, buyer_tokens, messages))
    save_section("chat", results)


if __name__ == "__main__":
    main()
