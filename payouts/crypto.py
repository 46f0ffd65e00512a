"""Bank card numbers at rest: Fernet (AES-128-CBC + HMAC) from `cryptography`.

`CARD_ENCRYPTION_KEYS` lists Fernet keys, newest first: new numbers are encrypted with the
first, and every listed key can still decrypt, so a key can be rotated without downtime.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    keys = list(settings.CARD_ENCRYPTION_KEYS)
    if not keys:  # local default only: a key derived from SECRET_KEY
        digest = hashlib.sha256(f"card-numbers:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
