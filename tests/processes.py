"""Real processes for the tests that need them: a private redis-server the test may stop and
start, a Celery worker (prefork, as production runs it) and the ASGI application under
uvicorn, each on the test database."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent  # the project, where `-m config` and `-m bench` load


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def child_env(**extra: str) -> dict:
    """The environment of a child process that works on this test run's database."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


class RedisServer:
    """A redis-server of the test's own, on a free port, keeping nothing on disk: stopping
    it loses every message it held, as a crashed cache-only Redis would."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]  # noqa: S607
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(self.answers, timeout=10), "redis-server did not start"
        return self

    def stop(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)


def queued_tasks(broker) -> int:
    """Tasks in the Redis broker (a client of it) that are waiting in a queue, or taken by a
    worker and not yet acknowledged: 0 once everything queued has been done."""
    waiting = sum(broker.llen(queue.name) for queue in settings.CELERY_TASK_QUEUES)
    return waiting + broker.hlen("unacked")


class CeleryWorker:
    """`celery worker` with a prefork pool of one child, in its own process group."""

    def __init__(self, env: dict, name: str = "drill", queues: str = ""):
        """`queues`: those it consumes, e.g. "bulk" (all of them when empty)."""
        self.env, self.name, self.queues = env, name, queues
        self.log = Path(tempfile.mkstemp(prefix=f"celery-{name}-", suffix=".log")[1])
        self.process = None

    def start(self) -> "CeleryWorker":
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "config", "worker"]
            + ["--pool", "prefork", "--concurrency", "1", "--loglevel", "INFO"]
            + ["--without-mingle", "--without-gossip", "--without-heartbeat"]
            + ["--hostname", f"{self.name}-{time.monotonic_ns()}@%h"]
            + (["--queues", self.queues] if self.queues else []),
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert wait_until(lambda: b" ready." in self.log.read_bytes(), timeout=60), self.output()
        return self

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except FileNotFoundError:
            return []

    def kill_pool_child(self) -> int:
        (child,) = self.children()
        os.kill(child, signal.SIGKILL)
        return child

    def kill_main(self) -> None:
        """SIGKILL the main process, then its pool child, which would otherwise finish the
        task it holds: the whole worker is gone without acknowledging anything."""
        children = self.children()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        for child in children:
            with suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@contextmanager
def asgi_server(
    env: dict,
    workers: int = 1,
    application: str = "config.asgi:application",
    options: tuple[str, ...] = (),
):
    """The ASGI application (HTTP and websockets) under uvicorn, as `make run` and the chat
    service serve it; yields its URL. bench.peer serves django-oscar with it too, and
    bench.chat adds its own `options`."""
    with _server(
        lambda port: (
            ["uvicorn", application, "--workers", str(workers)]
            + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
            + ["--no-access-log", *options]
        ),
        env,
    ) as url:
        yield url


@contextmanager
def wsgi_server(env: dict, workers: int = 2, application: str = "config.wsgi:application"):
    """The WSGI application under gunicorn's sync workers, as production serves HTTP
    (docker-compose.yml); yields its URL. bench.peer serves django-oscar with it too."""
    with _server(
        lambda port: (
            ["gunicorn", application, "--workers", str(workers)]
            + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        ),
        env,
    ) as url:
        yield url


@contextmanager
def _server(command, env: dict):
    """`python -m` the command that `command(port)` gives, on a free port; yields the URL
    once the login page answers, and stops the server after."""
    port = free_port()
    arguments = command(port)
    server = subprocess.Popen([sys.executable, "-m", *arguments], cwd=ROOT, env=env)  # noqa: S603
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=1)  # noqa: S310
            return True
        except OSError:
            return False

    try:
        assert wait_until(answers, timeout=30, interval=0.2), f"{arguments[0]} did not start"
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
