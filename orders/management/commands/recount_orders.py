from django.core.management.base import BaseCommand

from merchant.models import Shop
from orders.services import recount_orders


class Command(BaseCommand):
    help = "Rebuild every shop's order counts (list tabs, dashboard to-dos) from its orders."

    def add_arguments(self, parser):
        parser.add_argument("--shop-no", type=int, help="only this shop")

    def handle(self, *args, shop_no=None, **options):
        shops = Shop.objects.all() if shop_no is None else Shop.objects.filter(shop_no=shop_no)
        for shop in shops.iterator():
            counts = recount_orders(shop=shop)
            self.stdout.write(f"{shop.shop_no} {shop.name}: {counts.total} orders")
