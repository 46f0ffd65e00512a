import pytest
from rest_framework.test import APIClient

from console.apis import ShopApi
from tests.conftest import token_client

pytestmark = pytest.mark.django_db


def test_an_unexpected_api_error_answers_the_generic_500_body(owner, monkeypatch):
    def explode(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(ShopApi, "get", explode)
    client: APIClient = token_client(owner)
    client.raise_request_exception = False

    response = client.get("/api/v1/shop")

    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_an_unexpected_page_error_shows_the_500_page(owner_client, monkeypatch):
    from console.views import DashboardView

    def explode(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(DashboardView, "get_context_data", explode)
    owner_client.raise_request_exception = False

    response = owner_client.get("/dashboard/")

    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()
