from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropshipConfig(AppConfig):
    name = "dropship"
    verbose_name = _("Dropship")

    def ready(self):
        from dropship import receivers  # noqa: F401, PLC0415  (connects to orders' events)
