"""Every page carries a strict Content-Security-Policy and a Permissions-Policy, and no
template needs more: no inline script, no event-handler attribute, no style attribute.
A refused request logs one line, not a traceback."""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client

from merchant.models import Role
from tests.conftest import staff_of

ROOT = settings.BASE_DIR
PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/dashboard/",
    "/orders/",
    "/payouts/",
    "/api/docs/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_the_policies(owner_client, path):
    client = Client() if path.startswith("/accounts/") else owner_client
    response = client.get(path)

    assert response.status_code == 200
    csp = dict(part.split(" ", 1) for part in response["Content-Security-Policy"].split("; "))
    assert csp["script-src"] == "'self'"
    if path != "/api/docs/":  # Swagger UI injects its own <style>
        assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_api_and_static_answers_carry_them_too(owner_api):
    assert "default-src 'self'" in owner_api.get("/api/v1/shop")["Content-Security-Policy"]


def test_no_template_has_inline_script_handlers_or_styles():
    """The class: anything of these would be refused by the browser under the policy, or
    would need 'unsafe-inline' to work."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    style = re.compile(r"<style\b|\sstyle\s*=", re.I)
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if inline_script.search(line) or handler.search(line) or style.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []


@pytest.mark.django_db
def test_a_refused_request_logs_a_line_without_a_traceback(shop, caplog):
    client = Client()
    client.force_login(staff_of(shop, Role.CUSTOMER_SERVICE))

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/payouts/")

    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and all(r.exc_info is None for r in records)
    assert "Forbidden" in records[0].getMessage()
