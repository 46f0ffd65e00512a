import logging
from urllib.parse import urlsplit

import simplejson
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from common.http import content_security_policy
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from openplatform import gateway, selectors, services
from openplatform.catalogue import purposes
from openplatform.protocol import GatewayError, error_body, new_request_id

logger = logging.getLogger(__name__)


def protocol_response(body: dict) -> HttpResponse:
    """Always 200 (every client reads an error only from a 200), UTF-8 Chinese as it is,
    money as exact JSON numbers."""
    text = simplejson.dumps(body, use_decimal=True, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(text, content_type="application/json;charset=UTF-8")


@method_decorator(csrf_exempt, name="dispatch")
class RouterView(View):
    """POST (or GET) /api/router: the open platform's gateway (openplatform.gateway)."""

    http_method_names = ["get", "post"]

    def post(self, request):
        request_id = new_request_id()
        try:
            body = gateway.call(request)
        except GatewayError as error:
            body = error_body(error, request_id)
        except RequestDataTooBig:
            body = error_body(GatewayError(52004), request_id)
        except MultiPartParserError:
            body = error_body(GatewayError(10001, "请求体无法解析"), request_id)
        except Exception:  # the protocol has no 500: log it and answer 50000
            logger.exception("open platform call failed (request_id %s)", request_id)
            body = error_body(GatewayError(50000), request_id)
        return protocol_response(body)

    get = post


class AuthorizeView(ShopAreaRequiredMixin, View):
    """GET /open/authorize: the consent page an app sends the merchant to (OAuth code flow);
    POST: the owner's answer, sent back to the app's registered redirect URI."""

    area = permissions.OPEN_APPS

    def _app(self, request):
        """The app asking, or None when the request cannot be trusted to redirect."""
        data = request.GET
        app = selectors.get_active_app(client_id=data.get("client_id", ""))
        if (
            data.get("response_type") != "code"
            or app is None
            or not services.redirect_uri_matches(app, data.get("redirect_uri", ""))
        ):
            return None
        return app

    def _refuse(self, request):
        return render(request, "openplatform/authorize_invalid.html", status=400)

    def get(self, request):
        app = self._app(request)
        if app is None:
            return self._refuse(request)
        context = {"app": app, "shop": self.shop, "purposes": purposes(app.scope)}
        response = render(request, "openplatform/authorize.html", context)
        # The consent form's answer redirects to the app: form-action covers that redirect
        # (CSP 3), so this page allows the app's registered origin as well, and no other.
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(app.redirect_uri))
        response["Content-Security-Policy"] = content_security_policy(
            form_action=f"'self' {origin}"
        )
        return response

    def post(self, request):
        app = self._app(request)
        if app is None:
            return self._refuse(request)
        state = request.GET.get("state", "")[:200]
        if request.POST.get("decision") != "allow":
            return redirect(
                services.redirect_with(app.redirect_uri, error="access_denied", state=state)
            )
        code = services.grant_code(
            app=app, membership=request.membership, redirect_uri=app.redirect_uri
        )
        return redirect(services.redirect_with(app.redirect_uri, code=code, state=state))


class GrantListView(ShopAreaRequiredMixin, TemplateView):
    """授权管理: the apps this shop authorised, when they last called; revoke ends them."""

    area = permissions.OPEN_APPS
    template_name = "openplatform/grant_list.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "grants": selectors.list_grants(shop=self.shop),
        }


class GrantRevokeView(ShopAreaRequiredMixin, View):
    area = permissions.OPEN_APPS

    def post(self, request, grant_id):
        grant = selectors.get_live_grant_for_shop(shop=self.shop, grant_id=grant_id)
        services.revoke_grant(grant=grant)
        return redirect("openplatform:grants")
