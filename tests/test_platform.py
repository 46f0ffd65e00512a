"""Project-wide guarantees: schema, deploy checks, translations, tenancy discipline."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    schema = tmp_path / "schema.yml"

    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(schema))

    text = schema.read_text()
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/token",
        "/api/v1/shop",
        "/api/v1/buyer/register",
    ]:
        assert f"{path}:" in text


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()


def test_check_deploy_is_clean_under_production_settings():
    # The browser tests lift Django's async guard for this process; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CARD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/merchant_console",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_every_chinese_string_is_translated_and_compiled():
    po = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    mo = polib.mofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo"))

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo}
    for entry in po.translated_entries():
        text = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get((entry.msgctxt, entry.msgid)) == text, (
            f"django.mo is stale for {entry.msgid!r}: run `make messages`"
        )


def test_views_and_apis_reach_tenant_data_only_through_selectors():
    """No `.objects.get(` / `.objects.filter(` in views or APIs: tenant data goes through
    selectors that take the shop, so a forgotten scope cannot slip in there."""
    pattern = re.compile(r"\.objects\.(get|filter|exclude|all)\(")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [
            *ROOT.glob("*/views.py"),
            *ROOT.glob("*/apis.py"),
            *ROOT.glob("chat/consumers.py"),
        ]
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if pattern.search(line)
    ]

    assert offenders == []
