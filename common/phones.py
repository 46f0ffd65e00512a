"""Chinese phone numbers as shops and senders give them: a mainland mobile (11 digits from
13x to 19x) or a landline with its area code (010-12345678, 0571 8888 6666), ASCII digits
only. Consignees' phones are mobiles only (orders.selectors.PHONE)."""

import re

from django.utils.translation import gettext_lazy as _

MOBILE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE = re.compile(r"0[1-9][0-9]{1,2}[0-9]{7,8}")
MESSAGE = _("Enter a mobile number (11 digits) or a landline with its area code.")


def clean_phone(value: str) -> str | None:
    """The number without spaces and hyphens, or None when it is not a phone number."""
    number = re.sub(r"[ -]", "", value or "")
    if MOBILE.fullmatch(number) or LANDLINE.fullmatch(number):
        return number
    return None
