"""One call through /api/router, checked in the platform's order: the common parameters, the
app, the signature, the clock, the API, the app's scope, the merchant's token, the rate
limits; then the API's answer under its wrapper."""

import logging

from django.utils import timezone

from openplatform import methods, selectors, services
from openplatform.catalogue import APIS
from openplatform.limits import check_rate
from openplatform.models import OpenApp
from openplatform.protocol import (
    GatewayError,
    common_parameter_error,
    read_parameters,
    signature_matches,
)

logger = logging.getLogger(__name__)

REQUIRED = ("type", "client_id", "timestamp", "sign")
CLOCK_SKEW = 600  # seconds either way (§1.5)


def _has_nul(params: dict[str, str]) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in params.items())


def _check_common(params: dict[str, str]) -> None:
    for name in REQUIRED:
        if not params.get(name):
            raise common_parameter_error(name)
    if params.get("data_type", "JSON").upper() != "JSON":
        raise common_parameter_error("data_type")
    if params.get("version", "V1") != "V1":
        raise common_parameter_error("version")
    if _has_nul(params):
        raise GatewayError(10000, "参数含有不允许的字符", sub_code="invalid_parameter")


def _check_clock(timestamp: str) -> None:
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise common_parameter_error("timestamp")
    if abs(int(timestamp) - timezone.now().timestamp()) > CLOCK_SKEW:
        raise common_parameter_error("timestamp")


def _app(client_id: str) -> OpenApp:
    app = selectors.get_active_app(client_id=client_id)
    if app is None:
        raise GatewayError(10016)
    return app


def call(request) -> dict:
    """The answer to one request, as the JSON object to send (success or error_response)."""
    params = read_parameters(request)
    _check_common(params)
    app = _app(params["client_id"])
    signed = {key: value for key, value in params.items() if key != "sign"}
    if not signature_matches(app.client_secret, signed, params["sign"]):
        raise GatewayError(20004)
    _check_clock(params["timestamp"])
    api = APIS.get(params["type"])
    if api is None:
        raise GatewayError(10017, params["type"][:100])
    if api.name not in app.scope:
        raise GatewayError(20031, api.name)
    grant = None
    if api.needs_token:
        token = params.get("access_token") or params.get("session")
        if not token:
            raise common_parameter_error("access_token")
        grant = services.grant_for_token(app=app, token=token)
        if grant.shop.is_suspended:
            raise GatewayError(70032, "店铺已被平台暂停", sub_code="shop_suspended")
    check_rate(api, app=app, shop=grant.shop if grant else None)
    payload = methods.answer(methods.Call(params=params, app=app, grant=grant), api.name)
    return {api.wrapper: payload} if api.wrapper else payload
