"""供货价: what the merchant pays the manufacturer per SKU."""

from django.db import transaction
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.money import quantize_amount
from dropship.models import (
    Binding,
    SupplyPrice,
)


@transaction.atomic
def set_supply_price(*, binding: Binding, sku, price) -> SupplyPrice:
    price = quantize_amount(str(price))
    if price <= 0:
        raise InvalidInput({"price": [_("A supply price is more than zero.")]})
    supply, _created = SupplyPrice.objects.update_or_create(
        binding=binding, sku=sku, defaults={"price": price}
    )
    return supply
