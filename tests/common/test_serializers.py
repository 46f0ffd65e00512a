"""CompiledListSerializer answers exactly what DRF's ListSerializer answers, for the common
cases it turns itself and for the ones it hands back to DRF."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers

from common.serializers import CompiledListSerializer
from merchant.models import Membership
from orders import selectors, services
from orders.apis import OrderSummarySerializer
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


class LineSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField()


class EverythingSerializer(serializers.Serializer):
    text = serializers.CharField()
    number = serializers.IntegerField()
    flag = serializers.BooleanField()
    choice = serializers.ChoiceField(choices=[("a", "A"), ("1", "One")])
    amount = serializers.DecimalField(max_digits=6, decimal_places=2)
    exact = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    when = serializers.DateTimeField()
    day = serializers.DateField()
    nested = LineSerializer(many=True)
    renamed = serializers.CharField(source="text")
    dotted = serializers.CharField(source="inner.name")
    method = serializers.SerializerMethodField()
    optional = serializers.CharField(required=False)
    defaulted = serializers.CharField(default="x")

    def get_method(self, instance) -> str:
        return f"<{instance['text']}>"


ROW = {
    "text": "订单",
    "number": 7,
    "flag": True,
    "choice": "a",
    "amount": Decimal("12.30"),
    "exact": Decimal("1.20"),
    "when": datetime(2026, 11, 25, 16, 0, 0, 500, tzinfo=UTC),
    "day": date(2026, 11, 25),
    "nested": [{"name": "n", "count": 2}],
    "inner": {"name": "inside"},
}
ODD_ROW = {  # values off the common path: each must still come out as DRF has it
    "text": 5,
    "number": "8",
    "flag": 1,
    "choice": 1,
    "amount": Decimal("12.3456"),
    "exact": Decimal("1"),
    "when": datetime(2026, 11, 25, 16, 0),  # noqa: DTZ001  (naive)
    "day": date(2026, 11, 25),
    "nested": [],
    "inner": {"name": None},
    "optional": "here",
    "defaulted": "given",
}
NULL_ROW = {**ROW, "text": None, "number": None, "when": None, "amount": None, "nested": []}


def drf(serializer_class, rows):
    return serializers.ListSerializer(child=serializer_class(), instance=rows).data


def compiled(serializer_class, rows):
    return CompiledListSerializer(child=serializer_class(), instance=rows).data


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC"])
def test_every_field_type_comes_out_as_drf_has_it(zone):
    rows = [ROW, ODD_ROW, NULL_ROW]

    with timezone.override(zone):
        assert compiled(EverythingSerializer, rows) == drf(EverythingSerializer, rows)


def test_times_are_in_the_current_zone_and_utc_ends_in_z():
    with timezone.override("Asia/Shanghai"):
        assert (
            compiled(EverythingSerializer, [ROW])[0]["when"] == "2026-11-26T00:00:00.000500+08:00"
        )
    with timezone.override("UTC"):
        assert compiled(EverythingSerializer, [ROW])[0]["when"] == "2026-11-25T16:00:00.000500Z"


def test_order_summaries_of_models_with_prefetched_items_match_drf(buyer, shop, owner):
    sku = make_product(shop, price="19.90", stock=10).skus.get()
    first = place(buyer, sku, quantity=2)
    shipped = place(buyer, sku)
    services.ship_order(order=shipped, actor=owner, carrier="YTO", tracking_no="YT1234567890123")
    orders = selectors.with_items(list(selectors.list_orders(shop=shop)))

    with timezone.override("Asia/Shanghai"):
        ours = OrderSummarySerializer(orders, many=True).data

        assert ours == drf(OrderSummarySerializer, orders)
    assert [order["order_sn"] for order in ours] == [shipped.order_sn, first.order_sn]
    assert ours[0]["carrier"] == "YTO"
    assert ours[1]["items"][0]["price"] == "19.90"
    assert ours[1]["items"][0]["amount"] == "39.80"
    expected_paid_at = timezone.localtime(first.paid_at, timezone.get_fixed_timezone(480))
    assert ours[1]["paid_at"] == expected_paid_at.isoformat()
    assert isinstance(OrderSummarySerializer(many=True), CompiledListSerializer)


def test_an_empty_list_is_an_empty_list():
    assert compiled(EverythingSerializer, []) == []


def test_a_value_drf_cannot_turn_fails_as_in_drf():
    row = {**ROW, "when": timedelta(1)}  # DRF fails on it; so must we, the same way

    with pytest.raises(AttributeError):
        drf(EverythingSerializer, [row])
    with pytest.raises(AttributeError):
        compiled(EverythingSerializer, [row])


class MembershipLineSerializer(serializers.Serializer):
    shop = serializers.PrimaryKeyRelatedField(read_only=True)
    role = serializers.CharField()


def test_related_fields_take_drfs_own_path(owner_membership):
    rows = list(Membership.objects.all())

    assert compiled(MembershipLineSerializer, rows) == drf(MembershipLineSerializer, rows)
    assert compiled(MembershipLineSerializer, rows)[0]["shop"] == owner_membership.shop_id


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def test_every_serializer_listed_by_the_compiled_path_is_compared_with_drf_here():
    """CompiledListSerializer repeats what DRF's fields output (it reads DRF's field classes,
    and pyproject pins DRF below the next minor version): a serializer that starts using it
    needs its own comparison with DRF above, as OrderSummarySerializer has."""
    from rest_framework import serializers

    from config import urls  # noqa: F401  (imports every app's apis)

    using = {
        cls.__qualname__
        for cls in _subclasses(serializers.Serializer)
        if getattr(getattr(cls, "Meta", None), "list_serializer_class", None)
        is CompiledListSerializer
    }
    # OrderDetailSerializer inherits the Meta but answers one order, never a list.
    assert using == {"OrderSummarySerializer", "OrderDetailSerializer"}
