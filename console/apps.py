from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The console's roof: home, dashboard, menu and demo data. It reads from every app
    below it and nothing imports it."""

    name = "console"
    verbose_name = _("Merchant console")
