from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView

from chat import urls as chat_urls
from common.views import ApiDocsView, favicon, public_media
from console import urls as console_urls
from dropship import urls as dropship_urls
from exports import urls as exports_urls
from merchant import urls as merchant_urls
from openplatform import urls as openplatform_urls
from openplatform.views import RouterView
from orders import after_sale_urls
from orders import urls as orders_urls
from payouts import urls as payouts_urls
from products import urls as products_urls

admin.site.site_header = _("Merchant console administration")
admin.site.site_title = _("Merchant console administration")

api_urlpatterns = [
    *merchant_urls.api_urlpatterns,
    *exports_urls.api_urlpatterns,
    *products_urls.api_urlpatterns,
    *orders_urls.api_urlpatterns,
    *payouts_urls.api_urlpatterns,
    *dropship_urls.api_urlpatterns,
    *chat_urls.api_urlpatterns,
    *console_urls.api_urlpatterns,
]

urlpatterns = [
    path("", include(console_urls)),
    path("", include(merchant_urls)),
    path("orders/", include(orders_urls)),
    path("after-sales/", include(after_sale_urls)),
    path("products/", include(products_urls)),
    path("payouts/", include(payouts_urls)),
    path("dropship/", include(dropship_urls)),
    path("chat/", include(chat_urls)),
    path("exports/", include(exports_urls)),
    path("open/", include(openplatform_urls)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("api/router", RouterView.as_view(), name="open-router"),  # the open platform's gateway
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("media/<path:path>", public_media, name="public-media"),
    # Browsers ask for /favicon.ico on pages that name none (Django admin).
    path("favicon.ico", favicon),
]

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
