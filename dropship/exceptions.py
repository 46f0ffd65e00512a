from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class IdentityAlreadyChosen(ApplicationError):
    code = "identity_already_chosen"
    default_message = _("This shop has already chosen its dropship identity.")
