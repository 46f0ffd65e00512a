from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropshipConfig(AppConfig):
    name = "dropship"
    verbose_name = _("Dropship")
