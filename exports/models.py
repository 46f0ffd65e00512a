from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.tenancy import ShopScopedQuerySet
from exports.registry import get_kind
from merchant.models import Shop


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFailure(models.TextChoices):
    BUILD_ERROR = "build_error", _("The file could not be written; try again.")
    GAVE_UP = "gave_up", _("Building it failed three times; try again with fewer rows.")


class Export(models.Model):
    """A file of a filtered list (账单下载, 订单导出), built in the background: its kind says
    which list (`exports.registry`), `params` its filters as the list page's query, `columns`
    the chosen columns in order. Only the member who asked downloads it."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="exports", verbose_name=_("shop")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    params = models.JSONField(_("filters"), default=dict, blank=True)
    columns = models.JSONField(_("columns"), default=list)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    failure_reason = models.CharField(
        _("failure reason"), max_length=20, choices=ExportFailure.choices, blank=True
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["shop", "requested_by", "-created_at", "-id"], name="export_member_idx"
            ),
            # The sweep reads only unfinished exports.
            models.Index(
                fields=["updated_at"],
                condition=models.Q(status__in=["pending", "running"]),
                name="export_unfinished_idx",
            ),
        ]

    def __str__(self):
        return f"{self.shop_id} {self.kind} {self.status}"

    @property
    def spec(self):
        """What its kind is (exports.registry), None for a kind no longer registered."""
        return get_kind(self.kind)

    @property
    def kind_label(self) -> str:
        return self.spec.label if self.spec else self.kind

    @property
    def column_labels(self) -> list[str]:
        columns = self.spec.columns if self.spec else {}
        return [str(columns.get(column, column)) for column in self.columns]

    def file_name(self) -> str:
        """e.g. orders-20261204-1536-12.xlsx"""
        stamp = timezone.localtime(self.created_at).strftime("%Y%m%d-%H%M")
        prefix = self.spec.filename if self.spec else "export"
        return f"{prefix}-{stamp}-{self.pk}.{self.file_format}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.READY:
            return 100
        if not self.row_count:
            return 0
        return min(99, self.rows_done * 100 // self.row_count)
