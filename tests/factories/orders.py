import factory

from orders import services
from orders.models import Buyer
from tests.factories.merchant import UserFactory

CONSIGNEE = {
    "name": "张三",
    "phone": "13800138000",
    "province": "浙江省",
    "city": "杭州市",
    "district": "余杭区",
    "address": "文一西路 969 号 3 幢 101 室",
}


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    user = factory.SubFactory(UserFactory)
    nickname = factory.Sequence(lambda n: f"买家{n}")


def place(buyer, sku, quantity=1, consignee=None):
    return services.place_order(
        buyer=buyer,
        shop_no=sku.product.shop.shop_no,
        items=[{"sku_id": sku.pk, "quantity": quantity}],
        consignee=consignee or CONSIGNEE,
    )
