"""Run by test_read_replica in a child process whose DATABASE_URL is a private primary and
DATABASE_REPLICA_URL its streaming replica: which copy each kind of read sees while the
replica's replay is paused. Prints the answers as JSON."""

import json
import time

import django


def main():
    django.setup()
    from django.db import connections
    from rest_framework.test import APIClient

    from common.routers import replica_reads
    from merchant.models import Shop
    from merchant.services import issue_token, register_merchant, update_shop

    owner = register_merchant(username="replica", password="replica-pass-2026", shop_name="初始")
    shop = owner.shop
    committed = time.monotonic()
    while not Shop.objects.using("replica").filter(pk=shop.pk).exists():
        assert time.monotonic() < committed + 30, "the replica never received the shop"
        time.sleep(0.005)
    caught_up_ms = (time.monotonic() - committed) * 1000
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        in_recovery = cursor.fetchone()[0]
        cursor.execute("SELECT pg_wal_replay_pause()")

    update_shop(shop=shop, name="改名")  # on the primary; the paused replica keeps "初始"
    answers = {"replica_in_recovery": in_recovery, "replica_caught_up_ms": round(caught_up_ms, 1)}
    answers["plain_read"] = Shop.objects.get(pk=shop.pk).name
    with replica_reads():
        answers["replica_read"] = Shop.objects.get(pk=shop.pk).name
        answers["replica_read_db"] = Shop.objects.all().db
        update_shop(shop=Shop.objects.get(pk=shop.pk), name="再改")
        answers["read_after_own_write"] = Shop.objects.get(pk=shop.pk).name
    with replica_reads():
        answers["next_block_read"] = Shop.objects.get(pk=shop.pk).name
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=owner.user).key}")
    answers["request_read"] = client.get("/api/v1/shop").json()["name"]
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    print(json.dumps(answers, ensure_ascii=False))


if __name__ == "__main__":
    main()
