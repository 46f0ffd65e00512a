from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropshipConfig(AppConfig):
    name = "dropship"
    verbose_name = _("Dropship")

    def ready(self):
        # Once the apps are loaded: its notices' wording, and its answers to orders' events.
        from dropship import notifications, receivers  # noqa: F401, PLC0415
