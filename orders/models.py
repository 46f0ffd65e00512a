from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Buyer(models.Model):
    """A platform user who shops: the buyer side of orders, after-sales and chat."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="buyer",
        verbose_name=_("user"),
    )
    nickname = models.CharField(_("nickname"), max_length=30)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.nickname
