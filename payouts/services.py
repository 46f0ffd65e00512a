import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dates import local_time_text
from common.exceptions import ApplicationError, InvalidInput
from common.http import client_ip
from common.money import format_amount, parse_amount, quantize_amount
from common.tasks import enqueue_on_commit
from merchant.models import Membership, Operation
from merchant.permissions import BANK_CARD, can_access
from merchant.services import changed_fields, confirm_password, notify_shop, record_operation
from orders.models import LateShipment, Order, OrderStatus
from orders.selectors import refunded_amount
from payouts import crypto, exceptions, selectors
from payouts.gateways import get_gateway
from payouts.models import (
    WITHDRAWAL_MAX,
    WITHDRAWAL_MIN,
    Bank,
    BankCard,
    BankCardAudit,
    FundAccount,
    IdempotencyKey,
    LedgerEntry,
    LedgerKind,
    Withdrawal,
    WithdrawalEvent,
    WithdrawalEventKind,
    WithdrawalStatus,
    service_fee,
)
from payouts.workdays import add_working_days

ZERO = Decimal("0.00")
CARD_NO = re.compile(r"[0-9]{16,19}")
BANK_CARD_NOTIFICATION = "bank_card_bound"
WITHDRAWAL_SUCCEEDED_NOTIFICATION = "payouts.withdrawal_succeeded"
WITHDRAWAL_FAILED_NOTIFICATION = "payouts.withdrawal_failed"
LATE_PENALTY_NOTIFICATION = "payouts.late_penalty"


# Accounts and the ledger


def _lock_account(shop_id) -> FundAccount:
    """The shop's account row, locked until the transaction ends: every balance change and
    its ledger entry happen under this lock, so they can never interleave."""
    FundAccount.objects.get_or_create(shop_id=shop_id)
    return FundAccount.objects.select_for_update().get(shop_id=shop_id)


def _post(account: FundAccount, kind: str, *, available=ZERO, frozen=ZERO, **refs) -> LedgerEntry:
    """Move the balances of a locked account and append the entry that says so."""
    account.available_amount += available
    account.frozen_amount += frozen
    FundAccount.objects.filter(pk=account.pk).update(
        available_amount=F("available_amount") + available,
        frozen_amount=F("frozen_amount") + frozen,
        updated_at=timezone.now(),
    )
    return LedgerEntry.objects.create(
        account=account,
        kind=kind,
        available_delta=available,
        frozen_delta=frozen,
        available_after=account.available_amount,
        frozen_after=account.frozen_amount,
        created_at=timezone.now(),
        **refs,
    )


@transaction.atomic
def credit_order_income(*, order) -> LedgerEntry | None:
    """After receipt, the order's paid amount (less refunds) minus the technical service fee
    reaches the available balance, once: a second call, a retried task or a parallel worker
    finds the entry (or hits its unique constraint) and changes nothing."""
    account = _lock_account(order.shop_id)
    if LedgerEntry.objects.filter(kind=LedgerKind.ORDER_INCOME, order=order).exists():
        return None
    order.refresh_from_db(fields=["status"])
    if order.status != OrderStatus.RECEIVED:
        return None
    net = quantize_amount(max(order.pay_amount - refunded_amount(order=order), ZERO))
    if net == ZERO:
        return None  # refunded in full: nothing to credit, and no ¥0.00 row saying so
    fee = service_fee(net)
    return _post(
        account,
        LedgerKind.ORDER_INCOME,
        available=net - fee,
        order=order,
        params={"paid": f"{net:.2f}", "fee": f"{fee:.2f}"},
    )


@transaction.atomic
def debit_refund(*, after_sale) -> LedgerEntry | None:
    """A refund granted after the order's income was credited takes it back (the service fee
    on it is returned to the merchant). Before settlement there is nothing to take back:
    the income will be credited net of the refund."""
    account = _lock_account(after_sale.shop_id)
    settled = LedgerEntry.objects.filter(
        kind=LedgerKind.ORDER_INCOME, order_id=after_sale.order_id
    ).exists()
    if (
        not settled
        or LedgerEntry.objects.filter(kind=LedgerKind.REFUND, after_sale=after_sale).exists()
    ):
        return None
    amount = after_sale.amount - service_fee(after_sale.amount)
    return _post(
        account,
        LedgerKind.REFUND,
        available=-amount,
        order_id=after_sale.order_id,
        after_sale=after_sale,
    )


def late_penalty(pay_amount: Decimal) -> Decimal:
    amount = quantize_amount(pay_amount * settings.LATE_PENALTY_RATE)
    return min(max(amount, settings.LATE_PENALTY_MIN), settings.LATE_PENALTY_MAX)


@transaction.atomic
def charge_late_penalty(*, late_shipment) -> LedgerEntry | None:
    """延迟发货 costs the merchant 5 % of the paid amount, at least ¥3 and at most ¥50, once."""
    account = _lock_account(late_shipment.shop_id)
    if LedgerEntry.objects.filter(kind=LedgerKind.PENALTY, late_shipment=late_shipment).exists():
        return None
    amount = late_penalty(late_shipment.order.pay_amount)
    entry = _post(
        account,
        LedgerKind.PENALTY,
        available=-amount,
        order_id=late_shipment.order_id,
        late_shipment=late_shipment,
    )
    notify_shop(
        shop=account.shop,
        kind=LATE_PENALTY_NOTIFICATION,
        order_sn=late_shipment.order.order_sn,
        amount=str(amount),
    )
    return entry


def verify_ledger(account: FundAccount) -> list[str]:
    """What is wrong with one account, if anything: balances against the sum of entries,
    and the running balances recorded on the entries."""
    problems = []
    sums = account.entries.aggregate(
        available=Sum("available_delta", default=ZERO), frozen=Sum("frozen_delta", default=ZERO)
    )
    if sums["available"] != account.available_amount:
        problems.append(f"available {account.available_amount} != entries {sums['available']}")
    if sums["frozen"] != account.frozen_amount:
        problems.append(f"frozen {account.frozen_amount} != entries {sums['frozen']}")
    available = frozen = ZERO
    for entry in (
        account.entries.order_by("id")
        .only("id", "available_delta", "frozen_delta", "available_after", "frozen_after")
        .iterator(chunk_size=5000)
    ):
        available += entry.available_delta
        frozen += entry.frozen_delta
        if (available, frozen) != (entry.available_after, entry.frozen_after):
            problems.append(f"entry {entry.pk}: running balance {available}/{frozen} != recorded")
            break
    return problems


# Bank card


def _luhn_ok(number: str) -> bool:
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def clean_card_no(card_no) -> str:
    """16 to 19 ASCII digits passing the Luhn check; spaces and hyphens between groups are
    dropped. Other digits (full-width, Arabic-Indic) are refused, not stored as typed."""
    card_no = re.sub(r"[ -]", "", card_no or "")
    if not CARD_NO.fullmatch(card_no) or not _luhn_ok(card_no):
        raise exceptions.InvalidCardNo()
    return card_no


def bind_bank_card(
    *, shop, user, password: str, holder_name: str, bank_code: str, card_no: str, request
) -> BankCard:
    """Bind or change the shop's card: the owner only, who confirms with their password
    through the login lockout. The change is audited and notified to the owner, and the new
    number receives no withdrawal for BANK_CARD_COOLING_OFF; the number is stored encrypted.

    The password is checked before the transaction opens, so that a wrong one is counted
    even though nothing else is written."""
    membership = Membership.objects.filter(shop=shop, user=user, is_active=True).first()
    if not can_access(membership, BANK_CARD):
        raise exceptions.BankCardOwnerOnly()
    confirm_password(request=request, user=user, password=password)
    holder_name = (holder_name or "").strip()
    if not holder_name or len(holder_name) > 30:
        raise InvalidInput({"holder_name": [_("Enter the card holder's name.")]})
    if bank_code not in Bank.values:
        raise InvalidInput({"bank_code": [_("Choose one of the listed banks.")]})
    card_no = clean_card_no(card_no)
    with transaction.atomic():
        existing = BankCard.objects.select_for_update().filter(shop=shop).first()
        now = timezone.now()
        values = {
            "holder_name": holder_name,
            "bank_code": bank_code,
            "card_no_encrypted": crypto.encrypt(card_no),
            "card_last4": card_no[-4:],
            "bound_at": now,
            "bound_by": user,
        }
        card, _created = BankCard.objects.update_or_create(shop=shop, defaults=values)
        BankCardAudit.objects.create(
            shop=shop,
            user=user,
            action="change" if existing else "bind",
            bank_code=bank_code,
            card_last4=card_no[-4:],
            ip_address=client_ip(request),
        )
        record_operation(
            shop=shop,
            action=Operation.BANK_CARD_BOUND,
            target=f"{bank_code} ****{card.card_last4}",  # codes: worded by nobody's language
            changes=changed_fields(
                {"card": f"****{existing.card_last4}" if existing else None},
                {"card": f"****{card.card_last4}"},
            ),
            actor=user,
        )
        notify_shop(
            shop=shop,
            kind=BANK_CARD_NOTIFICATION,
            actor=user.get_username(),
            bank_code=bank_code,
            last4=card.card_last4,
            usable_from=card.usable_from.isoformat(),
        )
    return card


# Withdrawals


def expected_arrival_range(requested_on):
    """2 to 4 working days after the request (到账时间 2-4 个工作日)."""
    return add_working_days(requested_on, 2), add_working_days(requested_on, 4)


def reserve_for_after_sale(*, after_sale) -> None:
    """Called in the transaction that opens an after-sale: the account lock makes a
    withdrawal running at the same moment either finish first or see this after-sale in
    `selectors.after_sale_hold`."""
    _lock_account(after_sale.shop_id)


@transaction.atomic
def request_withdrawal(*, shop, amount, requested_by) -> Withdrawal:
    """提现: checks, in this order, a bound card (past its cooling-off), ¥1,000 ≤ amount ≤
    ¥500,000, one per Shanghai calendar day, and the available balance less the after-sale
    hold; then freezes the amount and hands the transfer to the bank after commit. Races
    are settled by the account lock and by the (shop, day) unique constraint."""
    amount = parse_amount(amount, bounded=False)  # the limits below answer with their codes
    card = BankCard.objects.filter(shop=shop).first()
    if card is None:
        raise exceptions.BankCardRequired()
    if card.is_cooling_off:
        raise exceptions.BankCardCoolingOff(
            exceptions.BankCardCoolingOff.default_message
            % {"from": local_time_text(card.usable_from)}
        )
    if amount < WITHDRAWAL_MIN:
        raise exceptions.WithdrawalBelowMinimum()
    if amount > WITHDRAWAL_MAX:
        raise exceptions.WithdrawalAboveMaximum()
    account = _lock_account(shop.pk)
    today = timezone.localdate()
    taken = Withdrawal.objects.filter(shop=shop, requested_on=today)
    if taken.exclude(status=WithdrawalStatus.FAILED).exists():
        raise exceptions.WithdrawalDailyLimit()
    if amount > account.available_amount:
        raise exceptions.InsufficientBalance()
    hold = selectors.after_sale_hold(shop_id=shop.pk)
    if amount > account.available_amount - hold:
        raise exceptions.InsufficientBalance(
            _(
                "The amount is more than can be withdrawn: %(hold)s of the balance is held "
                "for open after-sales."
            )
            % {"hold": format_amount(hold)}
        )
    try:
        with transaction.atomic():
            withdrawal = Withdrawal.objects.create(
                shop=shop,
                amount=amount,
                requested_on=today,
                bank_code=card.bank_code,
                holder_name=card.holder_name,
                card_last4=card.card_last4,
                card_no_encrypted=card.card_no_encrypted,
                expected_arrival=expected_arrival_range(today)[1],
                requested_by=requested_by,
                created_at=timezone.now(),
            )
    except IntegrityError as error:  # another request of today won the race
        raise exceptions.WithdrawalDailyLimit() from error
    _post(account, LedgerKind.WITHDRAWAL, available=-amount, frozen=amount, withdrawal=withdrawal)
    _record(withdrawal, WithdrawalEventKind.REQUESTED, actor=requested_by)
    record_operation(
        shop=shop,
        action=Operation.WITHDRAWAL_REQUESTED,
        target=f"{withdrawal.bank_code} ****{withdrawal.card_last4}",
        changes={"amount": [None, amount]},
        actor=requested_by,
    )
    enqueue_on_commit("payouts.tasks.submit_withdrawal_task", withdrawal.pk)
    return withdrawal


@transaction.atomic
def submit_withdrawal(*, withdrawal: Withdrawal) -> Withdrawal:
    """Hand a withdrawal to the bank (once: a resubmission finds the reference)."""
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    if withdrawal.bank_reference or withdrawal.status != WithdrawalStatus.PROCESSING:
        return withdrawal
    withdrawal.bank_reference = get_gateway().submit(withdrawal)
    withdrawal.accepted_at = timezone.now()
    withdrawal.save(update_fields=["bank_reference", "accepted_at"])
    _record(withdrawal, WithdrawalEventKind.ACCEPTED, bank_status=WithdrawalStatus.PROCESSING)
    return withdrawal


def _record(withdrawal, kind, *, actor=None, reason="", bank_status="") -> WithdrawalEvent:
    return WithdrawalEvent.objects.create(
        withdrawal=withdrawal,
        kind=kind,
        actor=actor,
        reason=reason[:200],
        bank_status=bank_status,
        created_at=timezone.now(),
    )


def _lock_processing(withdrawal: Withdrawal) -> tuple[Withdrawal, FundAccount]:
    account = _lock_account(withdrawal.shop_id)
    withdrawal = Withdrawal.objects.select_for_update().get(pk=withdrawal.pk)
    if withdrawal.status != WithdrawalStatus.PROCESSING:
        raise exceptions.WithdrawalNotProcessing()
    return withdrawal, account


def _notify_withdrawal(withdrawal: Withdrawal, kind: str, **params) -> None:
    notify_shop(
        shop=withdrawal.shop,
        kind=kind,
        amount=str(withdrawal.amount),
        requested_on=withdrawal.requested_on.isoformat(),
        last4=withdrawal.card_last4,
        **params,
    )


@transaction.atomic
def mark_withdrawal_succeeded(*, withdrawal: Withdrawal, actor=None, note="") -> Withdrawal:
    """已到账, as the bank answered: the frozen amount leaves the account."""
    withdrawal, account = _lock_processing(withdrawal)
    withdrawal.status, withdrawal.completed_at = WithdrawalStatus.SUCCEEDED, timezone.now()
    withdrawal.save(update_fields=["status", "completed_at"])
    _post(account, LedgerKind.WITHDRAWAL_PAID, frozen=-withdrawal.amount, withdrawal=withdrawal)
    _record(
        withdrawal,
        WithdrawalEventKind.SUCCEEDED,
        actor=actor,
        reason=note,
        bank_status=WithdrawalStatus.SUCCEEDED,
    )
    _notify_withdrawal(withdrawal, WITHDRAWAL_SUCCEEDED_NOTIFICATION)
    return withdrawal


@transaction.atomic
def mark_withdrawal_failed(
    *, withdrawal: Withdrawal, reason: str, actor=None, note=""
) -> Withdrawal:
    """提现失败, as the bank answered: the frozen amount returns to the available balance,
    with the bank's reason."""
    withdrawal, account = _lock_processing(withdrawal)
    withdrawal.status, withdrawal.completed_at = WithdrawalStatus.FAILED, timezone.now()
    withdrawal.failure_reason = (reason or "")[:200]  # the bank's words; see failure_text
    withdrawal.save(update_fields=["status", "completed_at", "failure_reason"])
    _post(
        account,
        LedgerKind.WITHDRAWAL_REVERSAL,
        available=withdrawal.amount,
        frozen=-withdrawal.amount,
        withdrawal=withdrawal,
        note=withdrawal.failure_reason,  # the bank's words, as the bank wrote them
    )
    _record(
        withdrawal,
        WithdrawalEventKind.FAILED,
        actor=actor,
        reason=note or withdrawal.failure_reason,
        bank_status=WithdrawalStatus.FAILED,
    )
    _notify_withdrawal(withdrawal, WITHDRAWAL_FAILED_NOTIFICATION, reason=withdrawal.failure_reason)
    return withdrawal


def settle_withdrawal_by_admin(*, withdrawal: Withdrawal, outcome: str, actor, reason: str):
    """A platform admin settles a withdrawal by hand, and only as the bank answers it: the
    bank must have accepted it, and its answer must be `outcome`. Marking failed a transfer
    the bank has paid would return money that already left (paid twice); so the state
    machine is the bank's, and the admin's reason and name go on the withdrawal's events."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise exceptions.ReasonRequired()
    if outcome not in (WithdrawalStatus.SUCCEEDED, WithdrawalStatus.FAILED):
        raise InvalidInput({"outcome": [_("Choose arrived or failed.")]})
    withdrawal = Withdrawal.objects.get(pk=withdrawal.pk)
    if withdrawal.status != WithdrawalStatus.PROCESSING:
        raise exceptions.WithdrawalNotProcessing()
    if not withdrawal.bank_reference:
        raise exceptions.BankAnswerDiffers(
            exceptions.BankAnswerDiffers.default_message
            % {"bank_status": _("not yet accepted by the bank")}
        )
    answer = get_gateway().query(withdrawal)
    if answer.status != outcome:
        raise exceptions.BankAnswerDiffers(
            exceptions.BankAnswerDiffers.default_message
            % {"bank_status": WithdrawalStatus(answer.status).label}
        )
    if outcome == WithdrawalStatus.SUCCEEDED:
        return mark_withdrawal_succeeded(withdrawal=withdrawal, actor=actor, note=reason)
    return mark_withdrawal_failed(
        withdrawal=withdrawal, reason=answer.reason, actor=actor, note=reason
    )


def poll_withdrawals(*, limit: int = 500) -> int:
    """Submit withdrawals whose submission task never ran (broker down), then ask the bank
    about those still processing and settle the ones it has finished."""
    stale = timezone.now() - timedelta(minutes=1)
    for withdrawal in Withdrawal.objects.filter(
        status=WithdrawalStatus.PROCESSING, bank_reference="", created_at__lt=stale
    )[:limit]:
        submit_withdrawal(withdrawal=withdrawal)
    gateway = get_gateway()
    settled = 0
    processing = Withdrawal.objects.filter(status=WithdrawalStatus.PROCESSING).exclude(
        bank_reference=""
    )
    for withdrawal in processing.order_by("created_at")[:limit]:
        answer = gateway.query(withdrawal)
        try:
            if answer.status == WithdrawalStatus.SUCCEEDED:
                mark_withdrawal_succeeded(withdrawal=withdrawal)
            elif answer.status == WithdrawalStatus.FAILED:
                mark_withdrawal_failed(withdrawal=withdrawal, reason=answer.reason)
            else:
                continue
        except exceptions.WithdrawalNotProcessing:
            continue  # settled meanwhile (an admin, another worker)
        settled += 1
    return settled


# Idempotency


def request_fingerprint(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class RepeatedRefusal(ApplicationError):
    """The refusal a withdrawal request got, answered again to its replay."""

    def __init__(self, refusal: dict):
        self.code, self.status_code = refusal["code"], refusal["status"]
        super().__init__(refusal["detail"], fields=refusal.get("fields"))


@dataclass(frozen=True)
class Outcome:
    """What a request came to: the withdrawal made, or the refusal it got."""

    withdrawal: Withdrawal | None = None
    refusal: ApplicationError | None = None


@transaction.atomic
def request_withdrawal_once(*, shop, amount, requested_by, key: str) -> Outcome:
    """request_withdrawal at most once per `key`: the key row is written in the same
    transaction as the withdrawal (or with its refusal), so a replay, even ten at once (they
    wait on the key's unique index), finds the first outcome and moves no money again. A
    key sent again with another amount is refused."""
    fingerprint = request_fingerprint({"amount": str(amount)})
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(shop=shop, key=key, fingerprint=fingerprint)
    except IntegrityError:
        record = IdempotencyKey.objects.select_related("withdrawal").get(shop=shop, key=key)
        if record.fingerprint != fingerprint:
            raise exceptions.IdempotencyKeyMismatch() from None
        if record.withdrawal is not None:
            return Outcome(withdrawal=record.withdrawal)
        return Outcome(refusal=RepeatedRefusal(record.refusal))
    try:
        with transaction.atomic():
            withdrawal = request_withdrawal(shop=shop, amount=amount, requested_by=requested_by)
    except ApplicationError as error:
        record.refusal = {
            "code": error.code,
            "status": error.status_code,
            "detail": str(error.message),
            "fields": {k: [str(m) for m in v] for k, v in (error.fields or {}).items()} or None,
        }
        record.save(update_fields=["refusal"])
        return Outcome(refusal=error)
    record.withdrawal = withdrawal
    record.save(update_fields=["withdrawal"])
    return Outcome(withdrawal=withdrawal)


def settle_missed(*, days: int = 3) -> int:
    """Credit income and charge penalties whose task never ran (a broker outage, a crash
    before commit): the same idempotent services, over the last few days only."""
    since = timezone.now() - timedelta(days=days)
    income = LedgerEntry.objects.filter(kind=LedgerKind.ORDER_INCOME, order=OuterRef("pk"))
    penalty = LedgerEntry.objects.filter(kind=LedgerKind.PENALTY, late_shipment=OuterRef("pk"))
    done = 0
    for order in Order.objects.filter(status=OrderStatus.RECEIVED, received_at__gte=since).filter(
        ~Exists(income)
    )[:1000]:
        done += credit_order_income(order=order) is not None
    late_shipments = LateShipment.objects.filter(detected_at__gte=since).filter(~Exists(penalty))
    for late_shipment in late_shipments.select_related("order")[:1000]:
        done += charge_late_penalty(late_shipment=late_shipment) is not None
    return done
