"""Django admin, walked: every registered model's list and one object's page answer for a
superuser (a new model cannot ship with a broken admin), and changes made there end access
as they do in the console."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from merchant.models import Membership, Role, User
from merchant.services import issue_token
from tests.conftest import staff_of, token_client
from tests.factories.world import build_world


@pytest.fixture
def superuser_client(db):
    user = User.objects.create_superuser("platform", password="admin-pass-2026")
    client = Client()
    client.force_login(user)
    return client


def test_every_admin_list_and_object_page_answers(superuser_client, db):
    build_world()  # one object of every kind
    failures = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        listing = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = superuser_client.get(listing)
        if response.status_code != 200:
            failures.append((listing, response.status_code))
            continue
        obj = model_admin.get_queryset(response.wsgi_request).first()
        if obj is not None:
            page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            answer = superuser_client.get(page)
            if answer.status_code != 200:
                failures.append((page, answer.status_code))
    assert failures == []


def test_a_role_changed_in_admin_ends_the_members_tokens(superuser_client, shop):
    member = staff_of(shop, Role.OPERATIONS)
    api = token_client(member)
    membership = Membership.objects.get(user=member)

    response = superuser_client.post(
        reverse("admin:merchant_membership_change", args=[membership.pk]),
        {"user": member.pk, "shop": shop.pk, "role": Role.FINANCE, "is_active": "on"},
    )

    assert response.status_code == 302
    assert api.get("/api/v1/shop").status_code == 401


def test_a_user_switched_off_in_admin_has_no_token(superuser_client, owner):
    issue_token(user=owner)
    data = {
        "username": owner.username,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    superuser_client.post(reverse("admin:merchant_user_change", args=[owner.pk]), data)

    owner.refresh_from_db()
    assert owner.is_active is False
    assert not owner.api_tokens.filter(revoked_at=None).exists()
