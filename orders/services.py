from django.db import transaction

from merchant.services import create_user
from orders.models import Buyer


@transaction.atomic
def register_buyer(*, username: str, password: str, nickname: str) -> Buyer:
    user = create_user(username=username, password=password)
    return Buyer.objects.create(user=user, nickname=nickname.strip())
