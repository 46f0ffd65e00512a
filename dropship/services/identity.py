"""A shop's side, chosen once: merchant (商家) or manufacturer (代发厂家)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.phones import MESSAGE as PHONE_MESSAGE
from common.phones import clean_phone
from dropship import exceptions
from dropship.models import (
    DropshipIdentity,
    DropshipRole,
)
from dropship.selectors import get_dropship_role


@transaction.atomic
def choose_identity(
    *,
    shop,
    role: str,
    display_name: str,
    sender_name: str = "",
    sender_phone: str = "",
    address: str = "",
) -> DropshipIdentity:
    """A shop picks its side once: merchant (商家版, who must give a sender and an address for
    waybills) or manufacturer (我是代发厂家). The one-to-one row makes "once" hold under races."""
    if role not in DropshipRole.values:
        raise InvalidInput({"role": [_("Choose merchant or manufacturer.")]})
    values = {
        "display_name": display_name.strip(),
        "sender_name": sender_name.strip(),
        "sender_phone": sender_phone.strip(),
        "address": address.strip(),
    }
    required = ["display_name"]
    if role == DropshipRole.MERCHANT:
        required += ["sender_name", "sender_phone", "address"]
    missing = {name: [_("This field is required.")] for name in required if not values[name]}
    if values["sender_phone"] and "sender_phone" not in missing:
        phone = clean_phone(values["sender_phone"])
        if phone is None:
            missing["sender_phone"] = [PHONE_MESSAGE]
        values["sender_phone"] = phone or values["sender_phone"]
    if missing:
        raise InvalidInput(missing)
    if DropshipIdentity.objects.for_shop(shop).exists():
        raise exceptions.IdentityAlreadyChosen()
    try:
        with transaction.atomic():
            return DropshipIdentity.objects.create(shop=shop, role=role, **values)
    except IntegrityError as error:
        raise exceptions.IdentityAlreadyChosen() from error


def require_role(shop, role) -> None:
    """Refuse (403) a shop that did not choose this dropship side."""
    if get_dropship_role(shop=shop) != role:
        if role == DropshipRole.MERCHANT:
            raise exceptions.MerchantIdentityRequired()
        raise exceptions.ManufacturerIdentityRequired()
