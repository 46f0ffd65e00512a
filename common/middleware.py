from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from common.http import content_security_policy
from common.i18n import request_language
from common.views import bad_request


class ConsoleLocaleMiddleware:
    """Chinese unless asked otherwise: the console as the user picked, the API by
    `Accept-Language` (common.i18n.request_language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith("/api/")
        language = request_language(request, console=not api)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if api:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response.

    Every script and stylesheet is a file of ours (vendored, no CDN) and no page has inline
    script, event-handler attribute or style attribute, so the policy allows 'self' only: an
    injected <script> or onerror= does not run. A test walks the console pages in Chromium
    and fails on any violation.
    """

    async_capable = True  # no thread hop under ASGI (see MIDDLEWARE in settings)
    sync_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)
        self.csp = content_security_policy()

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        return self._add_headers(self.get_response(request))

    async def __acall__(self, request):
        return self._add_headers(await self.get_response(request))

    def _add_headers(self, response):
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# The console needs none of these browser features; a page that gets script injected
# cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class RejectNulBytesMiddleware:
    """A NUL byte in the path, a query parameter or a form field is refused here, at the
    edge, with a 400: Postgres cannot store it and would answer every such request with an
    error (a 500) wherever the value reached a query. Paths of a protocol that answers
    every refusal in its own form (the open platform's gateway: HTTP 200, `error_response`)
    check for themselves: SELF_REFUSING_PATHS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in settings.SELF_REFUSING_PATHS:
            return self.get_response(request)
        if self._has_nul(request):
            message = _("The request contains a NUL character, which is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "validation_error", "detail": message}, status=400)

            return bad_request(request, exception=None)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        for values in request.GET.lists():
            if any("\x00" in value for value in values[1]):
                return True
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for values in request.POST.lists():
                if any("\x00" in value for value in values[1]):
                    return True
        return False
