from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class IdentityAlreadyChosen(ApplicationError):
    code = "identity_already_chosen"
    default_message = _("This shop has already chosen its dropship identity.")


class MerchantIdentityRequired(ApplicationError):
    code = "permission_denied"
    status_code = 403
    default_message = _("Choose the merchant edition of dropshipping first.")


class ManufacturerIdentityRequired(ApplicationError):
    code = "permission_denied"
    status_code = 403
    default_message = _("Only a shop that chose to be a dropship manufacturer can do this.")


class ManufacturerNotFound(ApplicationError):
    code = "manufacturer_not_found"
    field = "manufacturer_shop_no"
    default_message = _("Enter a correct manufacturer shop ID.")  # zh: 请输入正确的厂家店铺ID


class BindingExists(ApplicationError):
    code = "binding_exists"
    default_message = _("This manufacturer is already bound or has a request waiting.")


class BindingNotPending(ApplicationError):
    code = "binding_not_pending"
    default_message = _("This binding request has already been answered.")


class BindingNotActive(ApplicationError):
    code = "binding_not_active"
    default_message = _("This manufacturer is not bound to the shop.")


class DropshipOrderNotTrackable(ApplicationError):
    code = "order_not_assigned"
    default_message = _(
        "Tracking can be returned only for orders assigned to you and not yet shipped."
    )


class StatementDailyLimit(ApplicationError):
    code = "statement_daily_limit"
    status_code = 429
    default_message = _("At most 3 statements a day per manufacturer.")


class StatementTooSoon(ApplicationError):
    code = "statement_too_soon"
    status_code = 429
    default_message = _("Statements are at least 10 minutes apart.")


class InvalidDateRange(ApplicationError):
    code = "invalid_date_range"
    default_message = _("The start date must be on or before the end date, within one year.")


class OrderNotAssignable(ApplicationError):
    code = "order_not_assignable"
    default_message = _("This order has after-sales, is under review or is not awaiting shipment.")


class OrderNotCancellable(ApplicationError):
    code = "order_not_cancellable"
    default_message = _("This order is not assigned, or it has already shipped.")


class TrackingNotReturned(ApplicationError):
    code = "tracking_not_returned"
    default_message = _("The manufacturer has not returned its tracking number yet.")
