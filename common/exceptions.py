from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A refused action: a stable `code` for clients and a message for a person.

    Services raise subclasses; the API turns them into `{"code", "detail"}` with
    `status_code`, and console views show `message` as a form error.
    """

    code = "application_error"
    status_code = 400
    default_message = _("The request could not be completed.")
    field: str | None = None  # the input field the refusal is about, if one is

    def __init__(self, message=None, *, fields=None):
        self.message = message if message is not None else self.default_message
        if fields is None and self.field:
            fields = {self.field: [self.message]}
        self.fields = fields
        super().__init__(str(self.message))


class InvalidInput(ApplicationError):
    """Input that a service refused field by field; the API answers it like a serializer's."""

    code = "validation_error"
    default_message = _("Please check the highlighted fields.")

    def __init__(self, fields: dict[str, list], message=None):
        first = next(iter(fields.values()))[0]
        super().__init__(message or first, fields=fields)
