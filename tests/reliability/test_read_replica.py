"""The read replica, for real: a private Postgres primary and a streaming replica made from
it with pg_basebackup, each a cluster of its own on its own port. The product is pointed at
both (DATABASE_URL, DATABASE_REPLICA_URL) in a child process, and with the replica's
replay paused (so it lags for sure) each kind of read says which copy it saw."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port

BIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"


def as_postgres(*command) -> subprocess.CompletedProcess:
    """Postgres refuses to run its clusters as root: run them as the postgres user."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(  # noqa: S603
        [*prefix, *map(str, command)], check=True, capture_output=True, text=True, timeout=120
    )


def start(data: Path, port: int, sockets: Path) -> None:
    options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={sockets}"
    options += " -c fsync=off -c full_page_writes=off"
    as_postgres(BIN / "pg_ctl", "-D", data, "-o", options, "-l", data / "log", "-w", "start")


@pytest.fixture
def primary_and_replica():
    folder = Path(tempfile.mkdtemp(prefix="merchant-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    primary, replica = folder / "primary", folder / "replica"
    ports = free_port(), free_port()
    as_postgres(BIN / "initdb", "-D", primary, "--auth=trust", "-U", "postgres", "--no-sync")
    start(primary, ports[0], folder)
    started = [primary]
    try:
        as_postgres(
            BIN / "pg_basebackup",
            "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres",
            "-D", replica, "-R", "-X", "stream", "--no-sync",
        )  # fmt: skip
        start(replica, ports[1], folder)
        started.append(replica)
        as_postgres(BIN / "createdb", "-h", "127.0.0.1", "-p", ports[0], "-U", "postgres", "app")
        yield tuple(f"postgres://postgres@127.0.0.1:{port}/app" for port in ports)
    finally:
        for data in reversed(started):
            as_postgres(BIN / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_lagging_reads_go_to_the_replica_and_nothing_reads_its_own_writes_there(
    primary_and_replica, drill_figures
):
    primary, replica = primary_and_replica
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": primary,
        "DATABASE_REPLICA_URL": replica,
        "DB_POOL_SIZE": "0",
        "ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
    }
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 300}
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], **run)  # noqa: S603
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    probe = subprocess.run([sys.executable, "-m", "tests.reliability.replica_probe"], **run)  # noqa: S603
    assert probe.returncode == 0, probe.stderr[-3000:]
    answers = json.loads(probe.stdout.strip().splitlines()[-1])
    expected = {
        "replica_in_recovery": True,  # a real standby, streaming from the primary
        "replica_read": "初始",  # read from the replica, which lags
        "replica_read_db": "replica",
        "plain_read": "改名",  # everything else reads the primary
        "read_after_own_write": "再改",  # a block that wrote reads the primary
        "next_block_read": "初始",
        "request_read": "再改",  # a request never reads from the replica
    }
    drill_figures(
        replica_caught_up_ms=answers["replica_caught_up_ms"],
        reads_as_expected=sum(answers[key] == value for key, value in expected.items()),
        reads_checked=len(expected),
    )

    assert {key: answers[key] for key in expected} == expected
