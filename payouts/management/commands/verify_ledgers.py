from django.core.management.base import BaseCommand, CommandError

from payouts.models import FundAccount
from payouts.services import verify_ledger


class Command(BaseCommand):
    help = "Check that every fund account's balances equal the sum of its ledger entries."

    def handle(self, *args, **options):
        failures = 0
        checked = 0
        for account in FundAccount.objects.select_related("shop").iterator():
            checked += 1
            for problem in verify_ledger(account):
                failures += 1
                self.stderr.write(f"{account.shop.shop_no} {account.shop.name}: {problem}")
        if failures:
            raise CommandError(f"{failures} problem(s) in {checked} account(s)")
        self.stdout.write(f"{checked} account(s) verified: balances equal their ledgers.")
