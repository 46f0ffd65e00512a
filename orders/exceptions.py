from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError
from orders.carriers import CARRIERS
from orders.models import AfterSaleStage


class ShopNotFound(ApplicationError):
    code = "shop_not_found"
    default_message = _("There is no shop with this shop ID.")


class SkuNotFound(ApplicationError):
    code = "sku_not_found"
    default_message = _("This item is not sold by this shop.")


class ProductOffSale(ApplicationError):
    code = "product_off_sale"
    default_message = _("This product is off sale and cannot be ordered.")


class OutOfStock(ApplicationError):
    code = "out_of_stock"
    default_message = _("Not enough stock for this item.")


class UnknownCarrier(ApplicationError):
    code = "unknown_carrier"
    field = "carrier"
    default_message = _("Choose one of the listed carriers.")


class InvalidTrackingNo(ApplicationError):
    code = "invalid_tracking_no"
    field = "tracking_no"
    default_message = _("This tracking number does not match the carrier's format.")

    @classmethod
    def word(cls, params):
        carrier = CARRIERS.get(params.get("carrier", ""))
        if carrier is None:
            return cls.default_message
        return _("This is not a %(carrier)s tracking number (e.g. %(example)s).") % {
            "carrier": carrier.name,
            "example": carrier.example,
        }


class OrderNotInShop(ApplicationError):
    code = "not_found"
    default_message = _("No such order in this shop.")


class OrderAssignedToManufacturer(ApplicationError):
    code = "order_assigned_to_manufacturer"
    default_message = _(
        "This order is assigned to a manufacturer: ship it in Dropship once its tracking "
        "number is back, or cancel the assignment first."
    )


class ShipmentNotModifiable(ApplicationError):
    code = "shipment_not_modifiable"
    default_message = _(
        "A shipment can be corrected once, before the carrier reports it, and not when a "
        "dropship manufacturer shipped it."
    )


class OrderNotShippable(ApplicationError):
    code = "order_not_shippable"
    default_message = _(
        "Only orders awaiting shipment, without open after-sales or review, can be shipped."
    )


class OrderNotReceivable(ApplicationError):
    code = "order_not_receivable"
    default_message = _("Only shipped orders can be confirmed as received.")


class AfterSaleNotAllowed(ApplicationError):
    code = "after_sale_not_allowed"
    default_message = _("This order cannot take an after-sales request now.")


class AfterSaleAmountTooHigh(ApplicationError):
    code = "after_sale_amount_too_high"
    field = "amount"
    default_message = _("The refund cannot exceed the paid amount.")


class AfterSaleNotOpen(ApplicationError):
    code = "after_sale_not_open"
    default_message = _("This after-sales request has already been handled.")


class AfterSaleKindNotAllowed(ApplicationError):
    code = "after_sale_kind_not_allowed"
    field = "kind"
    default_message = _("Before an order ships, only a refund can be asked for.")


class AfterSaleWrongStage(ApplicationError):
    code = "after_sale_wrong_stage"
    default_message = _("This step does not apply to the after-sales request as it stands.")

    @classmethod
    def word(cls, params):
        stage = params.get("stage")
        if stage not in AfterSaleStage.values:
            return cls.default_message
        return _("This step does not apply: the after-sales request is %(stage)s.") % {
            "stage": AfterSaleStage(stage).label
        }


class AfterSaleNotAppealable(ApplicationError):
    code = "after_sale_not_appealable"
    default_message = _(
        "The platform can be asked to step in once, within the appeal period after the "
        "merchant's refusal, while the order has no other open after-sales request."
    )


class AfterSaleNotBatchable(ApplicationError):
    code = "after_sale_not_batchable"
    default_message = _("Only refund-only requests can be agreed in a batch.")


class ReturnAddressRequired(ApplicationError):
    code = "return_address_required"
    field = "return_address"
    default_message = _("Choose one of the shop's return addresses (add one in Shop settings).")


class PackageNotAllowed(ApplicationError):
    code = "package_not_allowed"
    default_message = _("Packages can be added to shipped orders only.")


class AddressNotChangeable(ApplicationError):
    code = "address_not_changeable"
    default_message = _(
        "The address can change only before the order ships, and not once a dropship "
        "manufacturer has printed its waybill."
    )


class AddressChangePending(ApplicationError):
    code = "address_change_pending"
    default_message = _("The buyer's address change request is waiting for an answer.")


class AddressChangeNotPending(ApplicationError):
    code = "address_change_not_pending"
    default_message = _("This address change request has already been answered.")


class InvalidSignature(ApplicationError):
    code = "invalid_signature"
    status_code = 401
    default_message = _("The request signature is missing or wrong.")
