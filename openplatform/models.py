"""开放平台: the apps (an ERP, printing software) that call the shop's data through the
Pinduoduo-compatible gateway (/api/router), and the authorisations merchants give them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop
from openplatform.catalogue import default_scope


class OpenApp(models.Model):
    """An ISV's application, registered by the platform (`create_open_app`, admin). The
    secret signs every call (MD5 over the parameters, the protocol's rule), so it is kept
    as it is, shown once when made or rotated."""

    name = models.CharField(_("name"), max_length=60)
    client_id = models.CharField(_("client ID"), max_length=32, unique=True, editable=False)
    client_secret = models.CharField(_("client secret"), max_length=64, editable=False)
    redirect_uri = models.URLField(_("redirect URI"), max_length=500)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An app switched off can no longer call.")
    )
    scope = models.JSONField(
        _("APIs it may call"),
        default=default_scope,
        help_text=_("Names of the APIs (pdd.order.list.get, …); others answer 20031."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    secret_rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("open platform app")
        verbose_name_plural = _("open platform apps")
        ordering = ["-created_at"]
        permissions = [("rotate_secret", _("Can rotate an app's client secret"))]

    def __str__(self):
        return f"{self.name} ({self.client_id})"


class AuthorizationCode(models.Model):
    """The one-time code the consent page hands the app through its redirect URI."""

    app = models.ForeignKey(OpenApp, on_delete=models.CASCADE, related_name="+")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    redirect_uri = models.URLField(max_length=500)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("authorization code")
        verbose_name_plural = _("authorization codes")

    def __str__(self):
        return f"{self.app.name} → {self.shop.name} ({self.expires_at:%Y-%m-%d %H:%M})"


class GrantQuerySet(ShopScopedQuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)


class Grant(models.Model):
    """A shop's authorisation of an app (授权): the tokens the app calls with. Only the
    tokens' digests are stored. Revoking ends both tokens at once."""

    app = models.ForeignKey(
        OpenApp, on_delete=models.CASCADE, related_name="grants", verbose_name=_("app")
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="open_grants", verbose_name=_("shop")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("authorised by"),
    )
    access_token_digest = models.CharField(max_length=64, unique=True)
    refresh_token_digest = models.CharField(max_length=64, unique=True)
    access_expires_at = models.DateTimeField(_("access token expires at"))
    refresh_expires_at = models.DateTimeField(_("refresh token expires at"))
    created_at = models.DateTimeField(_("authorised at"), default=timezone.now)
    last_called_at = models.DateTimeField(_("last call"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("app authorisation")
        verbose_name_plural = _("app authorisations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["shop", "-created_at"], name="grant_shop_created_idx")]

    def __str__(self):
        return f"{self.app.name} → {self.shop.name}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.refresh_expires_at > timezone.now()


class PushMessage(models.Model):
    """One message of the message service (消息服务) for one authorised app: written in the
    transaction of the event it tells, sent on the app's socket after commit, and sent again
    on every connection until the app acknowledges it (kept OPEN_PUSH_RETENTION)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="messages", verbose_name=_("authorisation")
    )
    topic = models.CharField(_("topic"), max_length=60)
    content = models.TextField(_("content"))  # JSON text, as the frame carries it
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_count = models.PositiveIntegerField(_("times sent"), default=0)
    acked_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("pushed message")
        verbose_name_plural = _("pushed messages")
        indexes = [
            models.Index(
                fields=["grant", "id"],
                condition=models.Q(acked_at__isnull=True),
                name="push_unacked_idx",
            )
        ]

    def __str__(self):
        return f"{self.topic} #{self.pk}"
