import factory

from orders.models import Buyer
from tests.factories.merchant import UserFactory


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    user = factory.SubFactory(UserFactory)
    nickname = factory.Sequence(lambda n: f"买家{n}")
