"""Every API operation, generated from the OpenAPI schema (so a new endpoint is covered
without a list to update), refused to the anonymous, to the wrong role and - for objects
in its path - to another shop, with the database unchanged by the attempt."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from merchant.services import issue_token
from tests.factories.dropship import make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory
from tests.factories.world import build_world

OPEN = {"/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/buyer/register"}
SIGNED = {"/api/v1/logistics/webhook/{carrier}"}  # refused without a valid HMAC instead
# Any signed-in user's own things (their tokens, a socket ticket): no shop, no role.
OWN = {
    "/api/v1/auth/logout",
    "/api/v1/auth/tokens",
    "/api/v1/auth/tokens/{token_id}",
    "/api/v1/chat/socket-ticket",
}


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


OPERATIONS = operations()


def fingerprint() -> str:
    """Every row of the project's tables, hashed: equal before and after means untouched.
    The project's apps are those in this repository, so a new app is covered too. Hashed
    in the database, in one query (a query per table made it half of the module's time)."""
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT_SQL)
        return cursor.fetchone()[0]


def fingerprint_sql() -> str:
    tables = sorted(
        {
            (model._meta.db_table, model._meta.pk.column)
            for model in apps.get_models()
            if Path(model._meta.app_config.path).parent == settings.BASE_DIR
        }
    )
    hashes = [f"coalesce(({table_hash(table, pk)}), '-')" for table, pk in tables]
    return f"SELECT md5(concat_ws(',', {', '.join(hashes)}))"  # noqa: S608  (our own tables)


def table_hash(table: str, pk: str) -> str:  # names from the model registry, not input
    rows = f"string_agg(t::text, '|' ORDER BY t.\"{pk}\")"
    return f'SELECT md5({rows}) FROM "{table}" t'  # noqa: S608


FINGERPRINT_SQL = fingerprint_sql()


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Shop B with one object of every kind that appears in an API path, built once for
    the module's ~160 tests inside a transaction rolled back at its end (each test runs
    in a savepoint within it, as Django's TestCase.setUpTestData does)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def fill(path: str, ids: dict) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def call(client, method, url):
    return getattr(client, method.lower())(url, {}, format="json")


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user).key}")
    return client


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_anonymous_are_refused(world, method, path):
    if path in OPEN:
        pytest.skip("open by design (sign-up and login)")
    before = fingerprint()

    response = call(APIClient(), method, fill(path, world))

    assert response.status_code == 401, response.content
    assert response.json()["code"] in {"not_authenticated", "invalid_signature"}
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_wrong_role_is_refused(world, method, path):
    if path in OPEN | SIGNED | OWN or path == "/api/v1/carriers":
        pytest.skip("no role involved")
    buyer_side = path.startswith("/api/v1/buyer/")
    # A merchant calling the buyer side; a buyer, or a customer-service account outside
    # chat, calling the merchant side.
    client = client_for(make_merchant().user if buyer_side else BuyerFactory().user)
    before = fingerprint()

    response = call(client, method, fill(path, world))

    assert response.status_code in {403, 404}, response.content
    assert response.json()["code"] in {"permission_denied", "not_found"}
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), [op for op in OPERATIONS if "{" in op[1]])
def test_another_shops_objects_are_404(world, method, path):
    if path in SIGNED:
        pytest.skip("no shop in the path")
    if path.startswith("/api/v1/buyer/"):
        user = BuyerFactory().user  # another buyer
    elif path.startswith("/api/v1/dropship/manufacturer/") or path.endswith(("/accept", "/refuse")):
        user = make_manufacturer().user
    else:
        user = make_merchant().user
    client = client_for(user)
    before = fingerprint()

    response = call(client, method, fill(path, world))

    assert response.status_code == 404, (method, path, response.content)
    assert response.json()["code"] == "not_found"
    assert fingerprint() == before
