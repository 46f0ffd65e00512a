from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser


@database_sync_to_async
def _user_for_token(key: str):
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    return token.user if token and token.user.is_active else AnonymousUser()


class TokenAuthMiddleware:
    """Websocket clients outside the browser (a buyer app) authenticate with
    `?token=<api token>`, as over HTTP; the console uses its session cookie."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        token = parse_qs(scope.get("query_string", b"").decode()).get("token")
        if token:
            scope = dict(scope, user=await _user_for_token(token[0]))
        return await self.inner(scope, receive, send)


def ChatAuthStack(inner):  # noqa: N802  (named like channels' own stacks)
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
