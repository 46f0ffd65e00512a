from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "payouts"
    verbose_name = _("Fund accounts")

    def ready(self):
        from payouts import (
            notifications,  # noqa: F401, PLC0415  (registers how its notices read)
            receivers,  # noqa: F401, PLC0415  (connects to orders' events)
        )
