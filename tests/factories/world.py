"""One object of every kind that appears in an API path, in a shop of its own (shop B):
the world the authorization matrix and the admin walk try to reach."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chat.services import send_buyer_message
from dropship import services as dropship
from dropship import statements
from exports import services as exports
from merchant.models import Role
from merchant.services import issue_token
from orders import services as orders
from payouts import services as payouts
from tests.factories.dropship import bind, make_manufacturer, make_merchant, return_address
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product, png


def build_world() -> dict:
    merchant, maker = make_merchant(), make_manufacturer()
    binding = bind(merchant, maker)
    buyer = BuyerFactory()
    product = make_product(merchant.shop, price="2000.00", stock=20)
    order = place(buyer, product.skus.get())
    after_sale = orders.open_after_sale(
        order=order,
        buyer=buyer,
        reason="x",
        amount="1.00",
        images=[SimpleUploadedFile("photo.png", png(), content_type="image/png")],
    )
    bind_card(merchant.shop, merchant.user)
    give_balance(merchant.shop, "1500")
    withdrawal = payouts.request_withdrawal(
        shop=merchant.shop, amount="1000", requested_by=merchant.user
    )
    statement = statements.build_statement(
        statement=dropship.request_statement(
            merchant_shop=merchant.shop,
            manufacturer_shop_no=maker.shop.shop_no,
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            actor=merchant.user,
        )
    )
    conversation = send_buyer_message(
        buyer=buyer, shop_no=merchant.shop.shop_no, text="hi"
    ).conversation
    address = return_address(merchant.shop)
    export = exports.request_export(
        shop=merchant.shop, user=merchant.user, kind="orders", file_format="csv", language="zh-hans"
    )
    exports.build_export(export_id=export.pk)
    return {
        "address_id": address.pk,
        "product_id": product.pk,
        "order_sn": order.order_sn,
        "after_sale_id": after_sale.pk,
        "image_id": after_sale.images.get().pk,
        "membership_id": merchant.shop.memberships.get(role=Role.OWNER).pk,
        "binding_id": binding.pk,
        "statement_id": statement.pk,
        "withdrawal_id": withdrawal.pk,
        "conversation_id": conversation.pk,
        "carrier": "SF",
        "token_id": issue_token(user=merchant.user).pk,
        "export_id": export.pk,
        "notification_id": merchant.user.notifications.filter(shop=merchant.shop).first().pk,
        "buyer": buyer,
    }
