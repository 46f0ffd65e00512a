from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"
    default_message = _("Wrong username or password.")


class LoginLockedOut(ApplicationError):
    code = "login_locked_out"
    status_code = 429
    default_message = _("Too many failed logins. Try again in 15 minutes.")


class UsernameTaken(ApplicationError):
    code = "username_taken"
    field = "username"
    default_message = _("This username is already taken.")


class ShopNameTaken(ApplicationError):
    code = "shop_name_taken"
    field = "shop_name"
    default_message = _("A shop with this name already exists.")


class OwnerMembershipLocked(ApplicationError):
    code = "owner_membership_locked"
    default_message = _("The shop owner's role cannot be changed.")


class WrongPassword(ApplicationError):
    code = "wrong_password"
    field = "password"
    default_message = _("The login password is wrong.")


class ShopSuspended(ApplicationError):
    code = "shop_suspended"
    status_code = 403
    default_message = _("This shop is suspended by the platform: %(reason)s")
