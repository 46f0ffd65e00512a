from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ConsoleLocaleMiddleware:
    """Chinese unless asked otherwise.

    The console follows the language the user picked (the language cookie) and otherwise
    speaks the default, zh-hans, whatever the browser sends: merchants on an English browser
    still get the Chinese console until they switch. API clients choose per request with
    `Accept-Language`, as the contract says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = self._language_from_cookie(request) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def _language_from_cookie(request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code and translation.check_for_language(code):
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                return None
        return None
