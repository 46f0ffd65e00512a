from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from dropship.exceptions import IdentityAlreadyChosen
from dropship.models import DropshipIdentity, DropshipRole


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
    if missing:
        raise InvalidInput(missing)
    if DropshipIdentity.objects.for_shop(shop).exists():
        raise IdentityAlreadyChosen()
    try:
        with transaction.atomic():
            return DropshipIdentity.objects.create(shop=shop, role=role, **values)
    except IntegrityError as error:
        raise IdentityAlreadyChosen() from error
