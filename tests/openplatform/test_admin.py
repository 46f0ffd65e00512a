"""Apps in Django admin: the secret is shown once (on adding, on rotating), never on the
page again; rotating needs its own permission and ends the old secret; an app switched off
can no longer call."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client

from merchant.models import User
from openplatform.models import OpenApp
from tests.factories.openplatform import make_app, signed

pytestmark = pytest.mark.django_db


def admin_client(*permissions) -> Client:
    user = User.objects.create_user("platform", password="admin-pass-2026", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = Client()
    client.force_login(user)
    return client


def time_call(app, secret=None) -> dict:
    body = json.dumps(signed(app, "pdd.time.get", secret=secret))
    return Client().post("/api/router", body, content_type="application/json").json()


def test_the_secret_is_shown_once_when_the_app_is_added():
    client = admin_client("add_openapp", "view_openapp", "change_openapp")

    added = client.post(
        "/admin/openplatform/openapp/add/",
        {
            "name": "万里牛",
            "redirect_uri": "https://erp.example.com/cb",
            "scope": '["pdd.time.get"]',
        },
        follow=True,
    )

    app = OpenApp.objects.get(name="万里牛")
    shown = " ".join(str(message) for message in get_messages(added.wsgi_request))
    assert app.client_secret in shown and app.client_id in shown
    page = client.get(f"/admin/openplatform/openapp/{app.pk}/change/").content.decode()
    assert app.client_secret not in page
    assert "time_get_response" in time_call(app)


def test_rotating_needs_its_permission_and_ends_the_old_secret():
    app = make_app()
    old_secret = app.client_secret
    action = {"action": "rotate_secret", "_selected_action": [app.pk]}

    refused = admin_client("view_openapp", "change_openapp").post(
        "/admin/openplatform/openapp/", action
    )
    app.refresh_from_db()
    assert app.client_secret == old_secret and refused.status_code in {200, 302}

    User.objects.filter(username="platform").delete()
    rotated = admin_client("view_openapp", "change_openapp", "rotate_secret").post(
        "/admin/openplatform/openapp/", action, follow=True
    )
    app.refresh_from_db()
    assert app.client_secret != old_secret
    assert app.client_secret in " ".join(str(m) for m in get_messages(rotated.wsgi_request))
    assert time_call(app, secret=old_secret)["error_response"]["error_code"] == 20004
    assert "time_get_response" in time_call(app)


def test_an_app_switched_off_can_no_longer_call():
    app = make_app()
    OpenApp.objects.filter(pk=app.pk).update(is_active=False)

    assert time_call(app)["error_response"]["error_code"] == 10016
