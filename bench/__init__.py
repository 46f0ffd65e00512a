"""Benchmarks: data generator and timed scenarios (`make bench`). Not part of CI."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/merchant_bench"
)
RESULTS = Path(__file__).parent / "results.json"
# `make bench` names its run (the time it started): each section says which run wrote it, so
# that the report can tell a whole run from a section run again alone afterwards.
RUN = os.environ.get("BENCH_RUN", "")


def ensure_database(url: str) -> None:
    """Create the Postgres database of `url` if it does not exist yet."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    """Point Django at the benchmark database (created if missing) and set it up."""
    import django

    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
    ensure_database(BENCH_DATABASE_URL)
    django.setup()


def signed_in(membership):
    """A test client signed in to the console as the member, and the headers of an API token
    of theirs (what an API client sends)."""
    from django.test import Client

    from merchant.services import issue_token

    client = Client()
    client.force_login(membership.user)
    return client, {"Authorization": f"Token {issue_token(user=membership.user).key}"}


def save_section(name: str, results: dict) -> None:
    """Put one benchmark's figures into bench/results.json under `name` (bench.run starts
    the file afresh; the others add their sections after it)."""
    all_results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    all_results[name] = results
    when = datetime.now(UTC).isoformat(timespec="seconds")
    all_results.setdefault("sections_when", {})[name] = when
    all_results.setdefault("sections_run", {})[name] = RUN
    RESULTS.write_text(json.dumps(all_results, ensure_ascii=False, indent=2))
