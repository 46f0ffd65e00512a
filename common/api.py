"""The REST kernel: error bodies, parameters, pagination and the open (auth) base view."""

import functools

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import exceptions, pagination, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.exceptions import ApplicationError, InvalidInput
from common.filters import apply_filters
from common.identifiers import is_identifier
from common.throttling import ScopedRateThrottle

CODE_BY_EXCEPTION = (
    (exceptions.ValidationError, "validation_error"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "not_authenticated"),
    (exceptions.PermissionDenied, "permission_denied"),
    (exceptions.NotFound, "not_found"),
    (exceptions.Throttled, "throttled"),
)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx and 5xx answer."""

    code = serializers.CharField()
    detail = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def flatten_errors(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested error tree as `{"skus.0.price": ["..."]}`."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            flat.update(flatten_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            if value:
                flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def error_response(code, detail, *, status, fields=None, headers=None):
    body = {"code": code, "detail": str(detail)}
    if fields:
        body["fields"] = fields
    return Response(body, status=status, headers=headers)


def exception_handler(exc, context):
    """Map every refusal to `{"code", "detail", "fields"?}`; unknown errors stay 500s."""
    if isinstance(exc, ApplicationError):
        fields = {key: [str(m) for m in value] for key, value in (exc.fields or {}).items()}
        return error_response(exc.code, exc.message, status=exc.status_code, fields=fields)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    code = next((code for cls, code in CODE_BY_EXCEPTION if isinstance(exc, cls)), None)
    code = code or exc.default_code
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        first_messages = next(iter(fields.values()))
        return error_response(
            code, first_messages[0], status=exc.status_code, fields=fields, headers=headers
        )
    if isinstance(exc, exceptions.NotFound):
        detail = _("Not found.")
    elif isinstance(exc, exceptions.PermissionDenied):
        detail = _("You do not have permission to perform this action.")
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        detail = _("Please log in first.")
    else:
        detail = exc.detail if isinstance(exc.detail, str) else exc.default_detail
    return error_response(code, detail, status=exc.status_code, headers=headers)


def _query_value(request, name: str) -> str | None:
    """The one value of a single-valued query parameter; None when absent. Given empty or
    more than once, it is refused (the schema allows neither, and a filter must not be
    silently dropped or half-applied)."""
    values = request.query_params.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise InvalidInput({name: [_("Give this parameter once.")]})
    if values[0] == "":
        raise InvalidInput({name: [_("Enter a value, or leave the parameter out.")]})
    return values[0]


def filter_or_refuse(filterset_class, request, *, queryset):
    """`queryset` filtered by the query through `filterset_class` (the one the console page
    uses too); anything invalid is a 400 naming the parameter, as given empty or twice."""
    for name in filterset_class.base_filters:
        _query_value(request, name)
    return apply_filters(filterset_class, request.query_params, queryset=queryset)


def choice_param(request, name: str, values, message: str = "") -> str:
    """A query parameter that must be one of `values`; "" when absent. `message` replaces
    the generic "Choose one of: ..." refusal."""
    value = _query_value(request, name)
    if value is None:
        return ""
    if value not in values:
        message = message or _("Choose one of: %(values)s.") % {"values": ", ".join(values)}
        raise InvalidInput({name: [message]})
    return value


def bool_param(request, name: str) -> bool:
    """A true/false query parameter: true, false, 1 or 0; false when absent."""
    value = _query_value(request, name)
    if value not in (None, "true", "false", "1", "0"):
        raise InvalidInput({name: [_("Enter true or false.")]})
    return value in ("true", "1")


def int_param(request, name: str) -> int | None:
    """A whole-number query parameter; None when absent."""
    value = _query_value(request, name)
    if value is None:
        return None
    if not is_identifier(value):
        raise InvalidInput({name: [_("Enter a whole number.")]})
    return int(value)


def page_size_param(request, default: int, maximum: int) -> int:
    """`?page_size=`: a whole number from 1 to `maximum`; `default` when absent."""
    raw = _query_value(request, "page_size")
    if raw is None:
        return default
    if not is_identifier(raw) or not 1 <= int(raw) <= maximum:
        message = _("Enter a whole number from 1 to %(maximum)d.") % {"maximum": maximum}
        raise InvalidInput({"page_size": [message]})
    return int(raw)


class DefaultPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        return page_size_param(request, self.page_size, self.max_page_size)


class CharField(serializers.CharField):
    """A string field that takes strings only (DRF's own turns 0 into "0")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 20}]})
class ShopNoField(serializers.CharField):
    """A shop ID as a client holds it: the integer the API answers, or the digits typed in
    (anything else is looked up and not found, with the rule's own message)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=20, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        return super().to_internal_value(str(data))


@functools.cache
def paginated(serializer_class):
    """The schema of a paginated list of `serializer_class` (APIViews paginate by hand, so
    drf-spectacular cannot see it): `{"next", "previous", "results", "count"?}`."""
    outer, _, inner = serializer_class.__qualname__.rpartition(".")
    name = f"Paginated{outer.removesuffix('Api')}{inner.removesuffix('Serializer')}"
    return inline_serializer(
        name,
        {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "count": serializers.IntegerField(required=False),
            "results": serializer_class(many=True),
        },
    )


ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class AuthApi(APIView):
    """Open endpoints of sign-up and login, throttled per address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
