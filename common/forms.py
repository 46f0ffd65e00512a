import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


def add_application_error(form, error: ApplicationError, *, field_map=None) -> None:
    """Show a service's refusal on the form: per field where the form has that field, else
    as an error of the whole form."""
    field_map = field_map or {}
    placed = False
    for name, messages in (error.fields or {}).items():
        field = field_map.get(name, name)
        if field in form.fields:
            for message in messages:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(error.message))


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def reject_control_characters(value) -> None:
    """NUL and other control characters never reach the database (Postgres refuses NUL in
    text with an error, which would be a 500)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(_("Remove the control characters from this value."))
