import factory

from merchant.models import Membership, Role, Shop, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save(update_fields=["password"])


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    shop_no = factory.Sequence(lambda n: 300_000_000 + n * 7919)
    name = factory.Sequence(lambda n: f"测试店铺{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    shop = factory.SubFactory(ShopFactory)
    role = Role.OWNER


def staff_client(*codenames):
    """A platform admin (is_staff) holding only the permissions named, logged in."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    user = UserFactory(username="platform-staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client, user
