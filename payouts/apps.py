from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "payouts"
    verbose_name = _("Fund accounts")

    def ready(self):
        # Once the apps are loaded: its notices' wording, and its answers to orders' events.
        from payouts import exports, notifications, receivers  # noqa: F401, PLC0415
