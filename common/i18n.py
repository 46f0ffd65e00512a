"""Texts in every language the console speaks."""

from django.conf import settings
from django.utils import translation


def wordings(msgid: str) -> set[str]:
    """Each way `msgid` has been written in the console's languages: what a text stored
    already translated (before texts were worded when read) may hold."""
    found = {msgid}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(translation.gettext(msgid))
    return found


def stored_as(texts: dict[str, str]) -> dict[str, str]:
    """{stored text in any language: code} for {code: msgid}."""
    return {wording: code for code, msgid in texts.items() for wording in wordings(msgid)}


def choice_label(choices, value) -> str:
    """The label of a stored choice (a TextChoices value kept in facts or parameters) in the
    reader's language; a value the choices do not know shows as it was written."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def request_language(request, *, console: bool) -> str:
    """The language to answer `request` in. The console's pages (and its sockets) follow the
    language the user picked (the language cookie) and otherwise speak the default, zh-hans,
    whatever the browser sends: merchants on an English browser still get the Chinese
    console until they switch. API clients (and apps' sockets) choose with
    `Accept-Language`, as the contract says (Django's negotiation: the cookie, then the
    header by its weights, then the default)."""
    if not console:
        return translation.get_language_from_request(request)
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code and translation.check_for_language(code):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE
