from django.core.management.base import BaseCommand
from django.db import transaction

from dropship.models import DropshipRole
from dropship.services import choose_identity
from merchant.models import Role, User
from merchant.services import add_staff, register_merchant
from orders.services import register_buyer

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105  (printed in the README: demo data only)

DEMO_LOGINS = [
    ("demo", "merchant owner of 多多优选旗舰店"),
    ("demo_ops", "its operations sub-account"),
    ("demo_kefu", "its customer-service sub-account (chat only)"),
    ("demo_factory", "owner of the dropship manufacturer 义乌好货源工厂"),
    ("demo_buyer", "a buyer (API only)"),
]


class Command(BaseCommand):
    help = "Create the demo shops and logins (idempotent: existing demo data is kept)."

    def handle(self, *args, **options):
        if User.objects.filter(username="demo").exists():
            self.stdout.write("Demo data already present.")
        else:
            self.create_demo_data()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, who in DEMO_LOGINS:
            self.stdout.write(f"  {username:<14}{who}")

    @transaction.atomic
    def create_demo_data(self):
        merchant = register_merchant(
            username="demo", password=DEMO_PASSWORD, shop_name="多多优选旗舰店"
        ).shop
        add_staff(
            shop=merchant,
            username="demo_ops",
            password=DEMO_PASSWORD,
            role=Role.OPERATIONS,
            name="王运营",
        )
        add_staff(
            shop=merchant,
            username="demo_kefu",
            password=DEMO_PASSWORD,
            role=Role.CUSTOMER_SERVICE,
            name="李客服",
        )
        choose_identity(
            shop=merchant,
            role=DropshipRole.MERCHANT,
            display_name="多多优选",
            sender_name="张店长",
            sender_phone="13800138000",
            address="浙江省杭州市余杭区文一西路 969 号",
        )
        factory = register_merchant(
            username="demo_factory", password=DEMO_PASSWORD, shop_name="义乌好货源工厂"
        ).shop
        choose_identity(
            shop=factory,
            role=DropshipRole.MANUFACTURER,
            display_name="义乌好货源",
            sender_name="陈厂长",
            sender_phone="13900139000",
            address="浙江省金华市义乌市稠城街道工人北路 1 号",
        )
        register_buyer(username="demo_buyer", password=DEMO_PASSWORD, nickname="小美")
        self.stdout.write(
            f"Demo shops: {merchant.name} (shop ID {merchant.shop_no}), "
            f"{factory.name} (shop ID {factory.shop_no})."
        )
