"""Time and memory of a statement of 100,000 shipped dropship orders (and of 10,000):
`python -m bench.statement` (after bench.generate). Writes the dropship rows for the 1M
shop's first orders once, then builds statements in this process and reports peak RSS."""

import resource
import time

from bench import setup_django
from bench.generate import ship_through_manufacturer


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dropship import services, statements
    from dropship.models import Binding, DropshipRole, Statement
    from merchant.models import Shop
    from merchant.services import register_merchant

    call_command("migrate", verbosity=0)
    shop = Shop.objects.get(name="bench_1000000")
    owner = shop.memberships.get().user
    binding = Binding.objects.filter(merchant_shop=shop).first()
    if binding is None:
        services.choose_identity(
            shop=shop,
            role=DropshipRole.MERCHANT,
            display_name="bench",
            sender_name="b",
            sender_phone="13800000000",
            address="bench",
        )
        maker = register_merchant(
            username="bench_maker_1m", password="bench-pass-2026", shop_name="bench_maker_1m"
        ).shop
        services.choose_identity(shop=maker, role=DropshipRole.MANUFACTURER, display_name="m")
        binding = services.bind_manufacturer(
            merchant_shop=shop, manufacturer_shop_no=maker.shop_no, requested_by=owner
        )
        services.answer_binding(binding=binding, accept=True)
        ship_through_manufacturer(binding=binding, count=100_000, now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE dropship_dropshiporder")
    today = timezone.localdate()
    for label, start in (
        ("~50,000 (1 day)", today),
        ("100,000 (2 days)", today - timezone.timedelta(days=1)),
    ):
        Binding.objects.filter(pk=binding.pk).update(last_statement_at=None)
        Statement.objects.filter(binding=binding).delete()
        statement = services.request_statement(
            merchant_shop=shop,
            manufacturer_shop_no=binding.manufacturer_shop.shop_no,
            start_date=start,
            end_date=today,
            actor=owner,
        )
        before = rss_mb()
        started = time.perf_counter()
        statement = statements.build_statement(statement=statement)
        took = time.perf_counter() - started
        print(
            f"{label}: {statement.row_count:,} rows in {took:.1f} s "
            f"({statement.row_count / took:,.0f} rows/s, CSV and XLSX together), "
            f"peak RSS {rss_mb():.0f} MB (was {before:.0f} MB), total {statement.total_amount}"
        )


if __name__ == "__main__":
    main()
