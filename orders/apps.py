from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Orders")

    def ready(self):
        # Once the apps are loaded: its notices' wording and its exports.
        from orders import exports, notifications  # noqa: F401, PLC0415
