from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.append_only import AppendOnlyModel, AppendOnlyQuerySet
from common.money import MONEY, quantize_amount
from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop
from payouts import crypto

# The platform's rule (单笔最小 1 千元, 最大 50 万元), also held by a database constraint.
WITHDRAWAL_MIN = Decimal("1000.00")
WITHDRAWAL_MAX = Decimal("500000.00")


def service_fee(amount: Decimal) -> Decimal:
    """技术服务费: the platform's share of an amount paid (or refunded), half-up to the fen."""
    return quantize_amount(amount * settings.PLATFORM_FEE_RATE)


class FundAccount(models.Model):
    """资金账户: one per shop. Its balances only move together with a ledger entry, in one
    transaction under a lock on this row."""

    shop = models.OneToOneField(
        Shop, on_delete=models.PROTECT, related_name="fund_account", verbose_name=_("shop")
    )
    available_amount = models.DecimalField(_("available balance"), default=0, **MONEY)
    frozen_amount = models.DecimalField(_("frozen balance"), default=0, **MONEY)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund account")
        verbose_name_plural = _("fund accounts")
        constraints = [
            # Available money may go below zero only through debits the merchant bears
            # (refunds of settled orders, penalties): a debt that blocks withdrawals.
            # Frozen money is what withdrawals hold, and never goes negative.
            models.CheckConstraint(
                condition=models.Q(frozen_amount__gte=0), name="fund_account_frozen_not_negative"
            ),
        ]

    def __str__(self):
        return str(self.shop)


class LedgerKind(models.TextChoices):
    ORDER_INCOME = "order_income", _("Order income")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    WITHDRAWAL_PAID = "withdrawal_paid", _("Withdrawal arrived")
    WITHDRAWAL_REVERSAL = "withdrawal_reversal", _("Failed withdrawal returned")
    REFUND = "refund", _("Refund")
    PENALTY = "penalty", _("Late-shipment penalty")


class LedgerEntryQuerySet(AppendOnlyQuerySet):
    shop_field = "account__shop"


class LedgerEntry(AppendOnlyModel):
    """One movement of money, never changed afterwards (the database refuses UPDATE and
    DELETE on this table). The balances of the account equal the sum of its entries."""

    account = models.ForeignKey(
        FundAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("account")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=LedgerKind.choices)
    available_delta = models.DecimalField(_("available change"), **MONEY)
    frozen_delta = models.DecimalField(_("frozen change"), default=0, **MONEY)
    available_after = models.DecimalField(_("available after"), **MONEY)
    frozen_after = models.DecimalField(_("frozen after"), **MONEY)
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    after_sale = models.ForeignKey(
        "orders.AfterSale",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("after-sale"),
    )
    late_shipment = models.ForeignKey(
        "orders.LateShipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("late shipment"),
    )
    withdrawal = models.ForeignKey(
        "Withdrawal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("withdrawal"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["account", "-created_at", "-id"], name="ledger_account_time_idx"),
            # 账单明细 filtered by kind (a day range rides on the same index).
            models.Index(
                fields=["account", "kind", "-created_at", "-id"], name="ledger_account_kind_idx"
            ),
        ]
        constraints = [
            # Each source moves money once, whatever retries or parallel workers do.
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(kind="order_income"),
                name="ledger_order_income_once",
            ),
            models.UniqueConstraint(
                fields=["after_sale"],
                condition=models.Q(kind="refund"),
                name="ledger_refund_once",
            ),
            models.UniqueConstraint(
                fields=["late_shipment"],
                condition=models.Q(kind="penalty"),
                name="ledger_penalty_once",
            ),
            models.UniqueConstraint(
                fields=["withdrawal", "kind"],
                condition=models.Q(withdrawal__isnull=False),
                name="ledger_withdrawal_step_once",
            ),
        ]

    def __str__(self):
        return f"{self.account_id} {self.kind} {self.available_delta}"

    def describe(self) -> str:
        """The entry's note in the reader's language: the system's facts (`params`) are
        worded when shown; `note` holds what people (or the bank) wrote. Entries written
        before the facts existed keep the note they were written with (the table is
        append-only)."""
        facts, parts = self.params or {}, []
        if "paid" in facts:
            parts.append(str(_("Paid %(paid)s, fee %(fee)s") % facts))
        if self.note:
            parts.append(self.note)
        return " ".join(parts)

    @property
    def amount(self):
        """What the merchant sees: the change of the available balance, or of the frozen
        one for an arrived withdrawal (which leaves the account from there)."""
        return self.available_delta or self.frozen_delta


class Bank(models.TextChoices):
    ICBC = "ICBC", _("Industrial and Commercial Bank of China")
    CCB = "CCB", _("China Construction Bank")
    ABC = "ABC", _("Agricultural Bank of China")
    BOC = "BOC", _("Bank of China")
    BOCOM = "BOCOM", _("Bank of Communications")
    CMB = "CMB", _("China Merchants Bank")
    PSBC = "PSBC", _("Postal Savings Bank of China")
    CIB = "CIB", _("Industrial Bank")
    SPDB = "SPDB", _("Shanghai Pudong Development Bank")
    CITIC = "CITIC", _("China CITIC Bank")
    CMBC = "CMBC", _("China Minsheng Bank")
    CEB = "CEB", _("China Everbright Bank")
    PAB = "PAB", _("Ping An Bank")
    HXB = "HXB", _("Hua Xia Bank")


def resolve_bank(value) -> str | None:
    """The bank code for what a client sent: the code (ICBC, any case), or the bank's name in
    Chinese (中国工商银行) or English (Industrial and Commercial Bank of China)."""
    text = str(value or "").strip()
    if text.upper() in Bank.values:
        return text.upper()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code, label in Bank.choices:
                if text.casefold() == str(label).casefold():
                    return code
    return None


class BankCard(models.Model):
    """银行卡: the one card withdrawals go to. The number is stored encrypted; only the last
    four digits are kept in clear, for masking."""

    shop = models.OneToOneField(
        Shop, on_delete=models.PROTECT, related_name="bank_card", verbose_name=_("shop")
    )
    holder_name = models.CharField(_("card holder"), max_length=30)
    bank_code = models.CharField(_("bank"), max_length=10, choices=Bank.choices)
    card_no_encrypted = models.TextField(_("card number (encrypted)"))
    card_last4 = models.CharField(_("last four digits"), max_length=4)
    # When the current number was bound: a withdrawal to it waits BANK_CARD_COOLING_OFF from
    # here, so that a stolen session that re-binds the card cannot empty the shop at once.
    bound_at = models.DateTimeField(_("bound at"), default=timezone.now)
    bound_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("bound by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank card")
        verbose_name_plural = _("bank cards")

    def __str__(self):
        return f"{self.get_bank_code_display()} {self.card_no_masked}"

    @property
    def card_no_masked(self) -> str:
        return f"**** **** **** {self.card_last4}"

    @property
    def usable_from(self):
        return self.bound_at + settings.BANK_CARD_COOLING_OFF

    @property
    def is_cooling_off(self) -> bool:
        return timezone.now() < self.usable_from


class BankCardAudit(models.Model):
    """Who bound or changed the shop's card, and when (the number itself is not kept here)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="bank_card_audits", verbose_name=_("shop")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    action = models.CharField(_("action"), max_length=10)
    bank_code = models.CharField(_("bank"), max_length=10, choices=Bank.choices)
    card_last4 = models.CharField(_("last four digits"), max_length=4)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank card change")
        verbose_name_plural = _("bank card changes")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.shop_id} {self.action} {self.card_last4}"


class WithdrawalStatus(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    SUCCEEDED = "succeeded", _("Arrived")
    FAILED = "failed", _("Failed")


class Withdrawal(models.Model):
    """提现: money frozen at request, paid out by the bank in 2 to 4 working days."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="withdrawals", verbose_name=_("shop")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WithdrawalStatus.choices,
        default=WithdrawalStatus.PROCESSING,
    )
    # The Shanghai calendar day of the request: one withdrawal per shop and day, held by
    # the unique constraint below even when requests race.
    requested_on = models.DateField(_("requested on"))
    bank_code = models.CharField(_("bank"), max_length=10, choices=Bank.choices)
    holder_name = models.CharField(_("card holder"), max_length=30)
    card_last4 = models.CharField(_("last four digits"), max_length=4)
    # The number it pays to, copied from the card at request time (encrypted as there): a
    # later change of the shop's card never redirects a withdrawal already on its way.
    card_no_encrypted = models.TextField(_("card number (encrypted)"), default="", blank=True)
    expected_arrival = models.DateField(_("expected arrival"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    bank_reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    accepted_at = models.DateTimeField(_("accepted by the bank at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("settle_withdrawal", _("Can settle withdrawals as the bank answered")),
        ]
        indexes = [
            models.Index(fields=["shop", "-created_at", "-id"], name="withdrawal_shop_time_idx"),
            models.Index(
                fields=["status", "created_at"],
                condition=models.Q(status="processing"),
                name="withdrawal_processing_idx",
            ),
        ]
        constraints = [
            # A withdrawal the bank refused gives the day back: the money never left.
            models.UniqueConstraint(
                fields=["shop", "requested_on"],
                condition=~models.Q(status="failed"),
                name="withdrawal_once_per_shop_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=WITHDRAWAL_MIN, amount__lte=WITHDRAWAL_MAX),
                name="withdrawal_amount_in_limits",
            ),
        ]

    def __str__(self):
        return f"{self.shop_id} ¥{self.amount} {self.status}"

    @property
    def failure_text(self) -> str:
        """Why it failed: the bank's words, or a sentence in the reader's language when the
        bank gave none."""
        if self.status != WithdrawalStatus.FAILED:
            return self.failure_reason
        return self.failure_reason or str(_("Refused by the bank"))

    @property
    def card_no_masked(self) -> str:
        return f"**** **** **** {self.card_last4}"

    def card_no(self) -> str:
        """The full number, for the bank gateway only."""
        return crypto.decrypt(self.card_no_encrypted)


class WithdrawalEventKind(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted by the bank")
    SUCCEEDED = "succeeded", _("Arrived")
    FAILED = "failed", _("Failed")


class WithdrawalEvent(models.Model):
    """A step of a withdrawal: who (a member, the bank's answer, or a platform admin), when,
    and why. Written in the step's own transaction; never changed."""

    withdrawal = models.ForeignKey(
        Withdrawal, on_delete=models.PROTECT, related_name="events", verbose_name=_("withdrawal")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WithdrawalEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the bank's answer was applied automatically."),
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    bank_status = models.CharField(_("bank's answer"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("withdrawal event")
        verbose_name_plural = _("withdrawal events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.withdrawal_id} {self.kind}"


class IdempotencyKey(models.Model):
    """A client's `Idempotency-Key` for a withdrawal request, written in the same
    transaction as the withdrawal (or with the refusal it got): a replay finds the same
    outcome and moves no money again."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="+", verbose_name=_("shop")
    )
    key = models.CharField(_("key"), max_length=255)
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    withdrawal = models.ForeignKey(
        "Withdrawal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal"),
    )
    # The refusal the first request got: {"code", "status", "detail", "fields"}.
    refusal = models.JSONField(_("refusal"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["shop", "key"], name="idempotency_key_unique")
        ]

    def __str__(self):
        return self.key
