"""How the operation log's changes read: `{field: [before, after]}` as stored, worded in the
reader's language when shown (a SKU's fields are stored as `spec/field`)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from merchant.models import Role

FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "category": gettext_lazy("Category"),
    "description": gettext_lazy("Description"),
    "price": gettext_lazy("Group price"),
    "single_price": gettext_lazy("Single-buy price"),
    "stock": gettext_lazy("Stock"),
    "low_stock_threshold": gettext_lazy("Low-stock threshold"),
    "sku_code": gettext_lazy("Merchant SKU code"),
    "name": pgettext_lazy("field", "Name"),
    "role": gettext_lazy("Role"),
    "is_active": gettext_lazy("Active"),
    "phone": gettext_lazy("Phone"),
    "province": gettext_lazy("Province"),
    "city": gettext_lazy("City"),
    "district": gettext_lazy("District"),
    "address": gettext_lazy("Address"),
    "amount": gettext_lazy("Amount"),
    "card": gettext_lazy("Bank card"),
    "status": gettext_lazy("Status"),
    "orders": gettext_lazy("Orders"),
    "accepted": gettext_lazy("Accepted"),
}
ROLES = dict(Role.choices)


def field_label(key: str) -> str:
    spec, _slash, field = key.rpartition("/")
    label = str(FIELD_LABELS.get(field, field))
    return f"{spec} · {label}" if spec else label


def value_text(key: str, value: str) -> str:
    field = key.rpartition("/")[2]
    if field == "role" and value in ROLES:
        return str(ROLES[value])
    if field in ("is_active", "accepted") and value in ("True", "False"):
        return _("Yes") if value == "True" else _("No")
    return value


def describe_changes(changes: dict) -> list[tuple[str, str, str]]:
    """(field, before, after) for each change, worded for the reader."""
    return [
        (field_label(key), value_text(key, before), value_text(key, after))
        for key, (before, after) in (changes or {}).items()
    ]
