"""The client's address, the same for login lockouts (django-axes), API rate limits and
the audit trail of bank cards."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind PROXY_COUNT proxies of ours (each appends the address it saw to
    X-Forwarded-For), the address the outermost of them saw. Anything further left in the
    header is what the client claims about itself, and is never trusted."""
    remote_addr = request.META.get("REMOTE_ADDR")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.PROXY_COUNT or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.PROXY_COUNT, len(addresses))] or remote_addr
