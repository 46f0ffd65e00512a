"""Load on loopback: `python -m bench.load` (after bench.generate; needs wrk).

The application is served as production serves HTTP (docker-compose.yml): gunicorn's sync
workers, WEB_WORKERS of them (production settings but plain HTTP, DEBUG off), on the
1M-order shop; LOAD_SERVER=uvicorn serves it as ASGI instead, as `make run` does. After a
warm-up, wrk drives each endpoint at 8 and 16 connections for LOAD_DURATION seconds, in
LOAD_ROUNDS rounds that take the endpoints in turn, so that a burst of noise on this shared
machine hits them alike; each figure is the median of its rounds (failures are summed). A
Lua script counts every answer that is not a 2xx (wrk alone counts redirects as success)
and the bytes of each, so a login page served instead of the order list cannot pass. The
baseline is an authenticated endpoint that answers constant JSON (the carrier list): the
order list is compared with it.
"""

import os
import re
import statistics
import subprocess
import tempfile

from bench import BENCH_DATABASE_URL, save_section, setup_django, signed_in

DURATION = int(os.environ.get("LOAD_DURATION", "5"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "3"))
WEB_WORKERS = int(os.environ.get("WEB_WORKERS", "3"))  # as docker-compose.yml and the Dockerfile
SERVER = os.environ.get("LOAD_SERVER", "gunicorn")
CONNECTIONS = (8, 16)
LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failures = 0; smallest = 1e12 end
function response(status, headers, body)
  if status < 200 or status > 299 then failures = failures + 1 end
  if #body < smallest then smallest = #body end
end
function done(summary, latency, requests)
  local failed, small = 0, 1e12
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
    small = math.min(small, thread:get("smallest"))
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx=%d errors=%d smallest=%d "
    .. "p50=%.2f p99=%.2f\\n", summary.requests, summary.duration / 1e6, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, small,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def wrk(url: str, connections: int, duration: int, headers: dict, script: str) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s"]
    command += ["-s", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603  (wrk with our own arguments)
        command + [url], capture_output=True, text=True, check=True
    ).stdout
    fields = dict(re.findall(r"(\w+)=([\d.]+)", output.split("RESULT", 1)[1]))
    requests = int(fields["requests"])
    return {
        "requests_per_s": round(requests / float(fields["seconds"]), 1),
        "p50_ms": float(fields["p50"]),
        "p99_ms": float(fields["p99"]),
        "non_2xx": int(fields["non2xx"]),
        "socket_errors": int(fields["errors"]),
        "smallest_body_bytes": int(fields["smallest"]),
    }


def main():
    setup_django()

    from merchant.models import Membership

    membership = Membership.objects.select_related("user", "shop").get(shop__name="bench_1000000")
    client, token = signed_in(membership)
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    endpoints = {
        "constant JSON (carriers API)": ("/api/v1/carriers", token),
        "order list API": ("/api/v1/orders", token),
        "order list page": ("/orders/", session),
        "dashboard API": ("/api/v1/dashboard?days=30", token),
        "dashboard page": ("/dashboard/", session),
        "product list API": ("/api/v1/products", token),
    }
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "DEBUG": "false",
        "THROTTLE_USER": "1000000/min",  # capacity is measured here, not the rate limit
    }
    results = {
        "server": SERVER,
        "web_workers": WEB_WORKERS,
        "duration_s": DURATION,
        "endpoints": {},
    }
    with (
        web_server(env, "config") as base,
        tempfile.NamedTemporaryFile("w", suffix=".lua") as script,
    ):
        script.write(LUA)
        script.flush()
        for path, headers in endpoints.values():
            wrk(base + path, 4, 2, headers, script.name)  # warm-up
        for connections in CONNECTIONS:
            rounds = {name: [] for name in endpoints}
            for _ in range(ROUNDS):  # interleaved: a burst of noise hits every endpoint alike
                for name, (path, headers) in endpoints.items():
                    rounds[name].append(
                        wrk(base + path, connections, DURATION, headers, script.name)
                    )
            for name, figures in rounds.items():
                combined = combine(figures)
                results["endpoints"].setdefault(name, {})[str(connections)] = combined
                print(f"{name:<30} c={connections:<2} {combined}")
    save_section("load", results)


def web_server(env: dict, package: str):
    """`package`'s application under SERVER with WEB_WORKERS processes (bench.peer serves
    django-oscar's with it); yields its URL."""
    from tests.processes import asgi_server, wsgi_server

    if SERVER == "uvicorn":
        return asgi_server(env, WEB_WORKERS, f"{package}.asgi:application")
    return wsgi_server(env, WEB_WORKERS, f"{package}.wsgi:application")


def combine(rounds: list[dict]) -> dict:
    """Rounds of one endpoint: the median of each rate and latency, every failure counted."""
    return {
        "requests_per_s": statistics.median(f["requests_per_s"] for f in rounds),
        "p50_ms": statistics.median(f["p50_ms"] for f in rounds),
        "p99_ms": statistics.median(f["p99_ms"] for f in rounds),
        "non_2xx": sum(f["non_2xx"] for f in rounds),
        "socket_errors": sum(f["socket_errors"] for f in rounds),
        "smallest_body_bytes": min(f["smallest_body_bytes"] for f in rounds),
        "rounds_requests_per_s": [f["requests_per_s"] for f in rounds],
    }


if __name__ == "__main__":
    main()
