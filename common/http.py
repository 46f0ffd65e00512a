"""HTTP helpers: the client's address (the same for login lockouts, API rate limits and
the audit trail of bank cards), safe redirects back, the Content-Security-Policy."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


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


def redirect_back(request, default: str, *args):
    """Redirect to the `next` the page sent along (POST, else GET), if it stays on this site;
    to `default` (a URL name, with `args`) otherwise. Every "back to where you were" in the
    console goes through here, so a crafted `next` never sends a merchant off-site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, *args)


def content_security_policy(*, style_src: str = "'self'", form_action: str = "'self'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style_src}",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action {form_action}",
            "frame-ancestors 'none'",
        ]
    )
