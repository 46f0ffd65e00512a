from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from merchant.services import authenticate_token


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against `merchant.ApiToken`: expiring, revocable, and
    ended by a password change (see merchant.services.authenticate_token)."""

    def authenticate_credentials(self, key):
        token = authenticate_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        return token.user, token
