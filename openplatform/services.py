"""Apps, the merchant's consent, and the tokens apps call with. Each write one transaction."""

import secrets
from datetime import timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.identifiers import secret_digest
from merchant.models import Role
from openplatform.models import AuthorizationCode, Grant, OpenApp
from openplatform.protocol import GatewayError


def _client_secret() -> str:
    return secrets.token_hex(16)


@transaction.atomic
def create_app(*, name: str, redirect_uri: str, scope=None) -> OpenApp:
    """A new app with its client ID and secret (the secret is on the returned object and
    shown once: the command prints it, admin shows it after saving)."""
    app = OpenApp(name=name.strip(), redirect_uri=redirect_uri.strip())
    if scope is not None:
        app.scope = sorted(scope)
    app.client_id = secrets.token_hex(16)
    app.client_secret = _client_secret()
    app.full_clean()
    app.save(force_insert=True)
    return app


@transaction.atomic
def rotate_secret(*, app: OpenApp) -> OpenApp:
    """A new secret: calls signed with the old one fail from now on."""
    app = OpenApp.objects.select_for_update().get(pk=app.pk)
    app.client_secret = _client_secret()
    app.secret_rotated_at = timezone.now()
    app.save(update_fields=["client_secret", "secret_rotated_at"])
    return app


def redirect_uri_matches(app: OpenApp, redirect_uri: str) -> bool:
    """The consent page sends the code only to the URI the app registered (exactly)."""
    return bool(redirect_uri) and redirect_uri == app.redirect_uri


def redirect_with(uri: str, **params) -> str:
    """`uri` with `params` added to its query string."""
    parts = urlsplit(uri)
    query = "&".join(filter(None, [parts.query, urlencode(params)]))
    return urlunsplit(parts._replace(query=query))


@transaction.atomic
def grant_code(*, app: OpenApp, membership, redirect_uri: str) -> str:
    """The merchant agreed on the consent page: a one-time code for the app to exchange
    within OPEN_CODE_LIFETIME. Only the shop's owner may authorise an app."""
    if membership is None or membership.role != Role.OWNER or not app.is_active:
        raise PermissionError("only the owner authorises an active app")
    code = secrets.token_urlsafe(24)
    AuthorizationCode.objects.create(
        app=app,
        shop=membership.shop,
        granted_by=membership.user,
        code_digest=secret_digest(code),
        redirect_uri=redirect_uri,
        expires_at=timezone.now() + settings.OPEN_CODE_LIFETIME,
    )
    return code


def _new_tokens(grant: Grant, now) -> dict:
    access, refresh = secrets.token_hex(20), secrets.token_hex(20)
    grant.access_token_digest = secret_digest(access)
    grant.refresh_token_digest = secret_digest(refresh)
    grant.access_expires_at = now + settings.OPEN_ACCESS_TOKEN_LIFETIME
    grant.refresh_expires_at = now + settings.OPEN_REFRESH_TOKEN_LIFETIME
    return {"access_token": access, "refresh_token": refresh}


def token_answer(grant: Grant, tokens: dict, now) -> dict:
    """pdd.pop.auth.token.create / .refresh's fields (§1.10.3): times in unix seconds, the
    shop's ID as a string."""
    access_in = int((grant.access_expires_at - now).total_seconds())
    refresh_in = int((grant.refresh_expires_at - now).total_seconds())
    return {
        **tokens,
        "expires_at": int(grant.access_expires_at.timestamp()),
        "expires_in": access_in,
        "refresh_token_expires_at": int(grant.refresh_expires_at.timestamp()),
        "refresh_token_expires_in": refresh_in,
        "owner_id": str(grant.shop.shop_no),
        "owner_name": grant.shop.name,
        "scope": list(grant.app.scope),
    }


@transaction.atomic
def exchange_code(*, app: OpenApp, code: str) -> dict:
    """pdd.pop.auth.token.create: the code (once, unexpired, of this app) for tokens. A
    shop that authorises an app again replaces its earlier grant."""
    now = timezone.now()
    found = (
        AuthorizationCode.objects.select_for_update()
        .select_related("shop")
        .filter(code_digest=secret_digest(code or ""), app=app)
        .first()
    )
    if found is None or found.used_at is not None or found.expires_at <= now:
        raise GatewayError(10000, "code无效或已过期", sub_code="invalid_code")
    found.used_at = now
    found.save(update_fields=["used_at"])
    Grant.objects.live().filter(app=app, shop=found.shop).update(revoked_at=now)
    grant = Grant(app=app, shop=found.shop, granted_by=found.granted_by, created_at=now)
    tokens = _new_tokens(grant, now)
    grant.save(force_insert=True)
    return token_answer(grant, tokens, now)


@transaction.atomic
def refresh_tokens(*, app: OpenApp, refresh_token: str) -> dict:
    """pdd.pop.auth.token.refresh: new tokens for a live grant; the old ones end."""
    now = timezone.now()
    grant = (
        Grant.objects.live()
        .select_for_update()
        .select_related("shop", "app")
        .filter(refresh_token_digest=secret_digest(refresh_token or ""), app=app)
        .first()
    )
    if grant is None or grant.refresh_expires_at <= now:
        raise GatewayError(10000, "refresh_token无效或已过期", sub_code="invalid_refresh_token")
    tokens = _new_tokens(grant, now)
    grant.save(
        update_fields=[
            "access_token_digest",
            "refresh_token_digest",
            "access_expires_at",
            "refresh_expires_at",
        ]
    )
    return token_answer(grant, tokens, now)


def grant_for_token(*, app: OpenApp, token: str) -> Grant:
    """The live grant an access token belongs to, for `app`: 20032 for a token unknown,
    revoked or another app's, 10019 for one expired. Its last call is recorded (at most
    once a minute)."""
    grant = (
        Grant.objects.live()
        .select_related("shop")
        .filter(access_token_digest=secret_digest(token or ""), app=app)
        .first()
    )
    if grant is None:
        raise GatewayError(20032, "access_token无效")
    now = timezone.now()
    if grant.access_expires_at <= now:
        raise GatewayError(10019, "access_token已过期，请刷新", sub_code="10019")
    if grant.last_called_at is None or now - grant.last_called_at > timedelta(minutes=1):
        Grant.objects.filter(pk=grant.pk).update(last_called_at=now)
    return grant


@transaction.atomic
def revoke_grant(*, grant: Grant) -> None:
    """取消授权 on /open/apps/: both tokens end at once."""
    Grant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
