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

    def __init__(self, message=None, *, fields=None, params=None):
        self.params = params or {}
        # Worded by its class from `params`: a stored refusal (a row of an import report)
        # can be worded again in its reader's language (see word_refusal).
        self.rewordable = message is None
        self.message = message if message is not None else self.word(self.params)
        if fields is None and self.field:
            fields = {self.field: [self.message]}
        self.fields = fields
        super().__init__(str(self.message))

    @classmethod
    def word(cls, params: dict):
        """The refusal in the active language, from its facts."""
        return cls.default_message % params if params else cls.default_message


class InvalidInput(ApplicationError):
    """Input that a service refused field by field; the API answers it like a serializer's."""

    code = "validation_error"
    default_message = _("Please check the highlighted fields.")

    def __init__(self, fields: dict[str, list], message=None):
        first = next(iter(fields.values()))[0]
        super().__init__(message or first, fields=fields)


class RowNotStorable(ApplicationError):
    code = "invalid_row"
    default_message = _("This row has values that cannot be stored.")


class RowHasControlCharacters(ApplicationError):
    code = "control_characters"
    default_message = _("This row has control characters; retype it.")


def refused_row(order_sn: str, error: ApplicationError) -> dict:
    """A row a batch action refused, as every batch answers it (the page, the API, a file's
    report): its order number, the refusal's code and its words in the reader's language."""
    return {"order_sn": order_sn, "code": error.code, "detail": str(error.message)}


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _refusal_by_code() -> dict[str, type[ApplicationError]]:
    """Each code that names exactly one refusal class (a code several share, such as
    permission_denied, names none: its words cannot be told from the code)."""
    classes: dict[str, list] = {}
    for cls in _subclasses(ApplicationError):
        classes.setdefault(cls.code, []).append(cls)
    return {code: found[0] for code, found in classes.items() if len(found) == 1}


def word_refusal(code: str, params: dict | None, stored: str) -> str:
    """A refusal kept with its code and facts (`params`, None when a person's words were
    kept instead), worded in the reader's language; else the text as it was stored."""
    cls = _refusal_by_code().get(code) if params is not None else None
    return stored if cls is None else str(cls.word(params))
