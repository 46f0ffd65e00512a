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
