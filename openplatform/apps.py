from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenPlatformConfig(AppConfig):
    name = "openplatform"
    verbose_name = _("Open platform")

    def ready(self):
        from openplatform import receivers  # noqa: F401, PLC0415  (connects to orders' events)
