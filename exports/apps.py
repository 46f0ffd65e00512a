from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Exports")

    def ready(self):
        # Once the apps are loaded: its notices' wording, and the operation log's export.
        from exports import notifications, operations  # noqa: F401, PLC0415
