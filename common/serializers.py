"""Lists of read-only objects, represented as DRF would, at a fraction of its cost.

DRF turns each value through `field.get_attribute()` and `field.to_representation()`:
generic, and on a page of 20 orders with their items (about 500 values) it was a third of
the API's time. `CompiledListSerializer` reads the same serializer declaration once per list
and turns each value with a plain function for the field types whose output it repeats
exactly; any other field, or any value outside the common case (a naive time, a decimal of
other places, a callable source, a missing key), goes through DRF's own code. The schema, the
single-object path and input validation stay DRF's. tests/common/test_serializers.py holds it
to DRF's output.
"""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.db.models.manager import BaseManager
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

_UNSET = object()


class CompiledListSerializer(serializers.ListSerializer):
    """`many=True` of a read serializer (`Meta.list_serializer_class`), same output as DRF's."""

    def to_representation(self, data):
        items = data.all() if isinstance(data, BaseManager) else data
        represent = compile_representation(self.child)
        return [represent(item) for item in items]


def compile_representation(serializer: serializers.Serializer):
    """A function `instance -> dict` equal to `serializer.to_representation(instance)`."""
    plan = [
        (field.field_name, field.source_attrs[0], _converter(field), field)
        if len(field.source_attrs) == 1
        and type(field).get_attribute is serializers.Field.get_attribute
        else (field.field_name, None, None, field)
        for field in serializer._readable_fields
    ]

    def represent(instance):
        mapping = isinstance(instance, Mapping)
        result = {}
        for name, source, convert, field in plan:
            if convert is None:
                value = _UNSET
            elif mapping:
                value = instance.get(source, _UNSET)
            else:
                value = getattr(instance, source, _UNSET)
            if value is _UNSET or callable(value) and not isinstance(value, BaseManager):
                try:  # DRF's own path: defaults, skipped fields, callables, dotted sources
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                empty = (value.pk if isinstance(value, PKOnlyObject) else value) is None
                result[name] = None if empty else field.to_representation(value)
            else:
                result[name] = None if value is None else convert(value)
        return result

    return represent


def _converter(field):
    """The function that turns a value as `field.to_representation` does, for the common
    case of its type (falling back to the field for anything else)."""
    method = type(field).to_representation
    if isinstance(field, serializers.ListSerializer):
        if not isinstance(field.child, serializers.Serializer):
            return field.to_representation
        represent = compile_representation(field.child)
        return lambda value: [
            represent(item) for item in (value.all() if isinstance(value, BaseManager) else value)
        ]
    if method is serializers.CharField.to_representation:
        return str
    if method is serializers.IntegerField.to_representation:
        return int
    if method is serializers.BooleanField.to_representation:
        return lambda value: value if type(value) is bool else field.to_representation(value)
    if method is serializers.ChoiceField.to_representation:
        choices = field.choice_strings_to_values
        return lambda value: value if value == "" else choices.get(str(value), value)
    if method is serializers.DecimalField.to_representation:
        return _decimal_converter(field)
    if method is serializers.DateTimeField.to_representation:
        return _datetime_converter(field)
    return field.to_representation


def _decimal_converter(field):
    coerce = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
    if not coerce or field.localize or field.normalize_output or field.decimal_places is None:
        return field.to_representation
    places, digits = -field.decimal_places, field.max_digits or 10**9

    def convert(value):
        if type(value) is Decimal:
            _sign, number, exponent = value.as_tuple()
            if exponent == places and len(number) <= digits:
                return format(value, "f")  # quantizing would change nothing
        return field.to_representation(value)

    return convert


def _datetime_converter(field):
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if output_format is None or output_format.lower() != ISO_8601 or zone is None:
        return field.to_representation

    def convert(value):
        if type(value) is datetime and value.utcoffset() is not None:
            text = value.astimezone(zone).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return field.to_representation(value)

    return convert
