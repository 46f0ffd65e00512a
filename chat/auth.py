"""Who opens a chat socket, and from where.

Browsers (the console) authenticate with their session cookie and always send `Origin`,
which must be this very site: scheme, host and port (channels' own validator ignores the
port, so another service on the same host could ride the merchant's cookie). Native apps
send no `Origin`; they authenticate with a one-time ticket (`?ticket=`, from
POST /api/v1/chat/socket-ticket), never with a long-lived API token in the URL.
"""

from urllib.parse import parse_qs, urlsplit

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import split_domain_port, validate_host

from chat.services import redeem_socket_ticket

CLOSE_FORBIDDEN_ORIGIN = 4403
DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


def _headers(scope) -> dict[str, str]:
    return {name.decode("latin1"): value.decode("latin1") for name, value in scope["headers"]}


def _origin_matches_host(origin: str, host: str) -> bool:
    parts = urlsplit(origin)
    try:
        origin_port = str(parts.port or DEFAULT_PORTS.get(parts.scheme, ""))
    except ValueError:  # a port that is not a number
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    domain, port = split_domain_port(host)
    if parts.hostname.lower() != domain.strip("[]"):
        return False
    if port:
        return origin_port == port
    # No port in Host: the default one of whatever scheme the client used (a TLS proxy in
    # front makes the socket look plain here), so the Origin must be on a default port too.
    return origin_port == DEFAULT_PORTS[parts.scheme]


@database_sync_to_async
def _redeem(ticket: str):
    return redeem_socket_ticket(ticket) or AnonymousUser()


class TicketAuthMiddleware:
    """`?ticket=` authenticates a native client (and is the only way in without Origin)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        ticket = parse_qs(scope.get("query_string", b"").decode(errors="replace")).get("ticket")
        if ticket:
            scope = dict(scope, user=await _redeem(ticket[0]))
        return await self.inner(scope, receive, send)


class SameOriginOrTicket:
    """Refuse a socket whose Origin is not this site (port included); a socket without
    Origin must bring a ticket (checked by the consumer: it has no session then)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        headers = _headers(scope)
        origin, host = headers.get("origin"), headers.get("host", "")
        allowed = validate_host(split_domain_port(host)[0], settings.ALLOWED_HOSTS)
        if origin is not None and not (allowed and _origin_matches_host(origin, host)):
            return await self._refuse(receive, send)
        if origin is None:  # not a browser: its cookies (if any) do not count, a ticket does
            without_cookie = [(n, v) for n, v in scope["headers"] if n.lower() != b"cookie"]
            scope = dict(scope, headers=without_cookie)
        return await self.inner(scope, receive, send)

    async def _refuse(self, receive, send):
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": CLOSE_FORBIDDEN_ORIGIN})


def ChatAuthStack(inner):  # noqa: N802  (named like channels' own stacks)
    return SameOriginOrTicket(AuthMiddlewareStack(TicketAuthMiddleware(inner)))
