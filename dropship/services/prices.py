"""供货价: what the merchant pays the manufacturer per SKU."""

from django.db import transaction

from common.money import parse_amount
from dropship.models import (
    Binding,
    SupplyPrice,
)


@transaction.atomic
def set_supply_price(*, binding: Binding, sku, price) -> SupplyPrice:
    price = parse_amount(price, field="price")
    supply, _created = SupplyPrice.objects.update_or_create(
        binding=binding, sku=sku, defaults={"price": price}
    )
    return supply
