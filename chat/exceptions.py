from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class MessageRateLimited(ApplicationError):
    code = "rate_limited"
    status_code = 429
    default_message = _("You are sending messages too fast; wait a moment.")
