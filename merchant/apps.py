from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MerchantConfig(AppConfig):
    name = "merchant"
    verbose_name = _("Merchants and shops")

    def ready(self):
        from merchant import receivers  # noqa: F401, PLC0415
