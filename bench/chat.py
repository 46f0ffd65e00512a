"""Chat on loopback, as docker-compose runs it: the buyers' HTTP on gunicorn
(BENCH_CHAT_WEB_WORKERS, 3), the sockets on uvicorn (BENCH_CHAT_WORKERS, 2) over the Redis
channel layer. Hold N buyer sockets plus the shop's socket, send a burst of buyer messages
from S senders, over HTTP and then on the buyers' own sockets (BENCH_CHAT_OVER), and time
how long each takes to reach the shop's socket; the workers' memory before and after the
sockets open gives the memory per socket. `python -m bench.chat` runs the scenarios of
issue 20; `python -m bench.chat SOCKETS MESSAGES SENDERS TARGET_P99_MS` one of them
(Postgres and Redis on localhost)."""

import asyncio
import json
import os
import re
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from bench import BENCH_DATABASE_URL, RESULTS, save_section, setup_django

WORKERS = int(os.environ.get("BENCH_CHAT_WORKERS", "2"))
WEB_WORKERS = int(os.environ.get("BENCH_CHAT_WEB_WORKERS", "3"))
# (sockets, messages, senders, target p99 ms): the burst of a sales rush, a bigger one, and
# many sockets across the workers.
SCENARIOS = [(500, 200, 8, 150), (500, 2000, 50, 300), (5000, 200, 8, 150)]


def prepare(count: int):
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from merchant.models import Role, User
    from merchant.services import add_staff, issue_token, register_merchant
    from orders.models import Buyer

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
    have = Buyer.objects.filter(nickname="bench_chat_buyer").count()
    if have < count:  # in bulk: one password hash for all (hashing each takes 0.3 s)
        password = make_password("bench-pass-2026")
        users = User.objects.bulk_create(
            User(username=f"bench_chat_buyer_{index}", password=password)
            for index in range(have, count)
        )
        Buyer.objects.bulk_create(Buyer(user=user, nickname="bench_chat_buyer") for user in users)
    buyers = list(
        Buyer.objects.filter(nickname="bench_chat_buyer")
        .select_related("user")
        .order_by("id")[:count]
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


def ms(seconds: list[float], share: float) -> float:
    """The `share` quantile (0.5: the median) of durations in seconds, in milliseconds."""
    ordered = sorted(seconds)
    return round(ordered[max(0, int(len(ordered) * share) - 1)] * 1000, 1)


def workers_rss_mb(port: int) -> float:
    """The resident memory of the uvicorn worker processes serving `port`."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes().split(b"\0")
            if b"uvicorn" not in b" ".join(cmdline) or str(port).encode() not in cmdline:
                continue
            master = status.parent.name
            children = (status.parent / "task" / master / "children").read_text().split()
            for pid in children or [master]:
                text = Path(f"/proc/{pid}/status").read_text()
                total += int(re.search(r"VmRSS:\s+(\d+) kB", text).group(1))
        except (FileNotFoundError, ProcessLookupError, AttributeError):
            continue
    return total / 1024


async def burst_over_http(web, shop_no, buyer_tokens, messages, senders, sent_at) -> int:
    """POST /api/v1/buyer/chat/messages from `senders` threads; the number accepted."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        jobs = [
            loop.run_in_executor(
                pool,
                post,
                web,
                buyer_tokens[index % len(buyer_tokens)],
                {"shop_no": shop_no, "text": f"http {index}"},
                sent_at,
            )
            for index in range(messages)
        ]
        return (await asyncio.gather(*jobs)).count(201)


async def burst_over_sockets(held, shop_no, messages, senders, sent_at) -> int:
    """Each buyer sends on the socket it holds ({"type": "message"}), `senders` at a time,
    each waiting for its "sent"; the number sent."""
    queue = list(range(messages))
    accepted = []
    locks = [asyncio.Lock() for _ in held]  # one sender at a time on a socket

    async def sender():
        while queue:
            index = queue.pop()
            socket, text = held[index % len(held)], f"socket {index}"
            async with locks[index % len(held)]:
                await send_one(socket, index, text)

    async def send_one(socket, index, text):
        sent_at[text] = time.perf_counter()
        await socket.send(
            json.dumps({"type": "message", "client_id": index, "shop_no": shop_no, "text": text})
        )
        while (answer := json.loads(await socket.recv()))["type"] not in ("sent", "error"):
            continue  # the buyer's own copy of an earlier message
        accepted.append(answer["type"] == "sent")

    await asyncio.gather(*(sender() for _ in range(senders)))
    return accepted.count(True)


async def run(web, chat, shop_no, kefu_token, buyer_tokens, messages, senders):
    """`web` serves HTTP (gunicorn), `chat` the sockets (uvicorn): the two services that
    docker-compose's proxy routes to (deploy/nginx.conf)."""
    import websockets

    url = f"{chat.replace('http', 'ws', 1)}/ws/chat/?ticket="
    port = int(chat.rsplit(":", 1)[1])
    before = workers_rss_mb(port)
    # Native clients: no Origin, a one-time ticket per socket (POST /chat/socket-ticket).
    held = [await websockets.connect(url + ticket(web, token)) for token in buyer_tokens]
    shop_socket = await websockets.connect(url + ticket(web, kefu_token))
    await asyncio.sleep(1)
    after = workers_rss_mb(port)
    print(f"sockets open on {WORKERS} workers: {len(held) + 1}; RSS {before:.0f} -> {after:.0f} MB")

    async def listen(sent_at, latencies, pushes, over):
        while len(latencies) < messages:
            event = json.loads(await shop_socket.recv())
            text = event["message"]["text"]
            if text.startswith(f"{over} "):
                latencies.append(time.perf_counter() - sent_at[text])
                saved = datetime.fromisoformat(event["message"]["created_at"]).timestamp()
                pushes.append(time.time() - saved)

    figures = {
        "sockets": len(held) + 1,
        "workers": WORKERS,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "kb_per_socket": round((after - before) * 1024 / (len(held) + 1), 1),
        "messages": messages,
        "senders": senders,
    }
    for over in os.environ.get("BENCH_CHAT_OVER", "http,socket").split(","):
        sent_at, latencies, pushes = {}, [], []
        listener = asyncio.create_task(listen(sent_at, latencies, pushes, over))
        if over == "http":
            accepted = await burst_over_http(web, shop_no, buyer_tokens, messages, senders, sent_at)
        else:
            accepted = await burst_over_sockets(held, shop_no, messages, senders, sent_at)
        await asyncio.wait_for(listener, timeout=300)
        figures[over] = {
            "accepted": accepted,
            "delivered": len(latencies),
            "delivery_p50_ms": ms(latencies, 0.5),
            "delivery_p99_ms": ms(latencies, 0.99),
            "push_p50_ms": ms(pushes, 0.5),
            "push_p99_ms": ms(pushes, 0.99),
        }
        print(f"{over}: {messages} messages from {senders} senders, {accepted} accepted:")
        print(f"  {figures[over]}")
    for socket in [*held, shop_socket]:
        await socket.close()
    return figures


def main():
    scenarios = (
        [(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))]
        if len(sys.argv) > 4
        else SCENARIOS
    )
    setup_django()
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "CHAT_BUYER_RATE": "100000/min",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    import redis

    from tests.processes import asgi_server, wsgi_server

    # One scenario run alone joins the others of the section (a scenario's own label).
    earlier = json.loads(RESULTS.read_text()).get("chat", {}) if RESULTS.exists() else {}
    results = {
        label: figures
        for label, figures in earlier.items()
        if isinstance(figures, dict) and "http" in figures and len(scenarios) == 1
    }
    for sockets, messages, senders, target in scenarios:
        shop_no, kefu_token, buyer_tokens = prepare(sockets)
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # no stale group members
        with (
            wsgi_server(env, workers=WEB_WORKERS) as web,
            asgi_server(env, workers=WORKERS, options=("--ws-max-queue", "64")) as chat,
        ):
            figures = asyncio.run(
                run(web, chat, shop_no, kefu_token, buyer_tokens, messages, senders)
            )
        figures["web_workers"] = WEB_WORKERS
        figures["target_p99_ms"] = target
        results[f"{sockets} sockets, {messages} messages, {senders} senders"] = figures
    save_section("chat", results)


if __name__ == "__main__":
    main()
