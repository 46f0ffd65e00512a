import hashlib
import re
import secrets

from django.db import IntegrityError, transaction


def random_digits(length: int) -> str:
    """`length` random digits, never starting with 0."""
    return str(1 + secrets.randbelow(9)) + "".join(
        str(secrets.randbelow(10)) for _ in range(length - 1)
    )


def create_with_unique_code(model, *, field: str, make_code, attempts: int = 5, **values):
    """Insert a row whose public code (shop ID, goods ID, order number) is random, drawing
    again if the code is already taken. Another constraint's failure is raised as it is."""
    for _attempt in range(attempts):
        code = make_code()
        try:
            with transaction.atomic():
                return model.objects.create(**{field: code}, **values)
        except IntegrityError:
            if not model.objects.filter(**{field: code}).exists():
                raise
    raise RuntimeError(f"no free {model.__name__}.{field} after {attempts} draws")


_IDENTIFIER = re.compile(r"[0-9]{1,18}")


def parse_identifier(text) -> int | None:
    """A database id or shop ID from user input: 1 to 18 ASCII digits, else None. (Not
    `str.isdigit()`, which passes "²" and "١", and not `int()`, which takes " 1_0 ")."""
    if not isinstance(text, str) or not _IDENTIFIER.fullmatch(text):
        return None
    return int(text)


def is_identifier(text) -> bool:
    """Whether `text` is 1 to 18 ASCII digits (see parse_identifier)."""
    return parse_identifier(text) is not None


def secret_digest(secret: str) -> str:
    """What is stored of a bearer secret (an API token, a socket ticket): its SHA-256, so
    that a copy of the database lets no one in. The secrets are random, so no salt."""
    return hashlib.sha256(secret.encode()).hexdigest()
