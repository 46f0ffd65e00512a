from django.db import models
from django.utils.translation import gettext_lazy as _

from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop


class DropshipRole(models.TextChoices):
    MERCHANT = "merchant", _("Merchant")
    MANUFACTURER = "manufacturer", _("Manufacturer")


class DropshipIdentity(models.Model):
    """The side a shop took in dropshipping (商家 or 代发厂家), chosen once."""

    shop = models.OneToOneField(
        Shop, on_delete=models.PROTECT, related_name="dropship_identity", verbose_name=_("shop")
    )
    role = models.CharField(_("dropship role"), max_length=20, choices=DropshipRole.choices)
    display_name = models.CharField(_("display name"), max_length=30)
    sender_name = models.CharField(_("sender name"), max_length=30, blank=True)
    sender_phone = models.CharField(_("sender phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dropship identity")
        verbose_name_plural = _("dropship identities")

    def __str__(self):
        return f"{self.shop} · {self.get_role_display()}"
