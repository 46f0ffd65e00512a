from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class ExportNotAllowed(ApplicationError):
    code = "permission_denied"
    status_code = 403
    default_message = _("Your role cannot export this list.")


class TooManyExports(ApplicationError):
    code = "exports_busy"
    status_code = 429
    default_message = _(
        "You have %(count)s exports being built; download or wait for one before asking for "
        "another."
    )
