"""API tokens end: when idle too long (sliding), on logout, password change, deactivation and
role change; the user sees and revokes them in the console and the API."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from merchant import services
from merchant.models import ApiToken, Role
from tests.conftest import staff_of
from tests.factories.merchant import PASSWORD

pytestmark = pytest.mark.django_db


def login(user, agent="ERP/1.0"):
    client = APIClient(HTTP_USER_AGENT=agent)
    answer = client.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD})
    assert answer.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
    return client, answer.json()


def works(client) -> bool:
    answer = client.get("/api/v1/shop")
    assert answer.status_code in (200, 401), answer.content
    return answer.status_code == 200


def test_each_login_gets_its_own_token_stored_only_as_a_digest(owner):
    first, body = login(owner)
    second, _ = login(owner)

    tokens = ApiToken.objects.filter(user=owner)
    assert tokens.count() == 2
    assert body["token"] not in {token.key_digest for token in tokens}
    assert {token.prefix for token in tokens} >= {body["token"][:8]}
    assert works(first) and works(second)


def test_a_token_idle_past_its_lifetime_ends_and_each_use_slides_it(owner, settings):
    client, _ = login(owner)
    token = ApiToken.objects.get(user=owner)
    idle = settings.API_TOKEN_IDLE_LIFETIME

    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - idle + timedelta(hours=1),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert works(client)
    token.refresh_from_db()
    assert token.expires_at > timezone.now() + idle - timedelta(minutes=1)  # slid ahead
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not works(client)


def test_logout_revokes_the_token_it_is_called_with(owner):
    client, _ = login(owner)
    other, _ = login(owner)

    assert client.post("/api/v1/auth/logout").status_code == 204
    assert not works(client)
    assert works(other)


def test_a_password_change_in_the_console_ends_every_token(owner, owner_client):
    client, _ = login(owner)

    owner_client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Zx9!newpass", "new_password2": "Zx9!newpass"},
    )

    assert not works(client)
    assert owner_client.get("/dashboard/").status_code == 200  # this session stays in


def test_a_password_set_anywhere_else_ends_every_token_too(owner):
    client, _ = login(owner)

    owner.set_password("set-by-an-admin-2026")  # Django admin, manage.py changepassword
    owner.save()

    assert not works(client)


@pytest.mark.parametrize(
    "change", [{"role": "finance", "is_active": True}, {"role": "operations", "is_active": False}]
)
def test_deactivation_and_role_change_end_the_members_tokens(shop, owner_api, change):
    member = staff_of(shop, Role.OPERATIONS)
    client, _ = login(member)
    membership = member.memberships.get()

    owner_api.patch(f"/api/v1/shop/members/{membership.pk}", change, format="json")

    assert not works(client)


def test_the_user_lists_and_revokes_their_tokens_and_nobody_elses(owner, other_membership):
    mine, body = login(owner, agent="打单软件 3.2")
    theirs, _ = login(other_membership.user)
    their_token = ApiToken.objects.get(user=other_membership.user)

    listed = mine.get("/api/v1/auth/tokens").json()["results"]
    foreign = mine.delete(f"/api/v1/auth/tokens/{their_token.pk}")

    assert [(t["prefix"], t["name"], t["is_current"]) for t in listed] == [
        (body["token"][:8], "打单软件 3.2", True)
    ]
    assert foreign.status_code == 404
    assert works(theirs)
    assert mine.delete(f"/api/v1/auth/tokens/{listed[0]['id']}").status_code == 204
    assert not works(mine)


def test_the_console_page_lists_and_revokes_tokens(owner, owner_client):
    client, body = login(owner, agent="ERP/9")
    token = ApiToken.objects.get(user=owner)

    page = owner_client.get("/accounts/tokens/").content.decode()
    owner_client.post("/accounts/tokens/", {"token_id": str(token.pk)})
    bad = owner_client.post("/accounts/tokens/", {"token_id": "²"})

    assert body["token"][:8] in page and "ERP/9" in page
    assert not works(client)
    assert bad.status_code == 404


def test_revoke_all_from_the_console(owner, owner_client):
    clients = [login(owner)[0] for _ in range(3)]

    owner_client.post("/accounts/tokens/", {"token_id": "all"})

    assert not any(works(client) for client in clients)


def test_an_inactive_user_has_no_working_token(owner):
    client, _ = login(owner)

    owner.is_active = False
    owner.save(update_fields=["is_active"])

    assert not works(client)
    assert services.authenticate_token("x" * 40) is None
    assert Client().get("/api/v1/shop").status_code == 401
