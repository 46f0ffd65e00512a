import time

from openplatform import services
from openplatform.models import Grant
from openplatform.protocol import sign

REDIRECT_URI = "https://erp.example.com/pdd/callback"


def make_app(name="聚水潭 ERP", scope=None):
    return services.create_app(name=name, redirect_uri=REDIRECT_URI, scope=scope)


def authorise(app, membership) -> dict:
    """The owner's consent and the code's exchange, as the app gets them: the tokens."""
    code = services.grant_code(app=app, membership=membership, redirect_uri=app.redirect_uri)
    return services.exchange_code(app=app, code=code)


def grant_of(tokens) -> Grant:
    from common.identifiers import secret_digest

    return Grant.objects.get(access_token_digest=secret_digest(tokens["access_token"]))


def signed(app, api, *, secret=None, **params) -> dict:
    """Every parameter of a call, signed as the official SDKs sign (all values strings)."""
    params = {
        "type": api,
        "client_id": app.client_id,
        "timestamp": str(int(time.time())),
        "data_type": "JSON",
        "version": "V1",
        **{key: str(value) for key, value in params.items()},
    }
    params["sign"] = sign(secret or app.client_secret, params)
    return params
