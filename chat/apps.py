from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "chat"
    verbose_name = _("Customer service")

    def ready(self):
        from chat import receivers  # noqa: F401, PLC0415  (connects to merchant's and orders' events)
