"""操作日志: who changed what, when and from where; append-only; the owner's page, API and
export; nothing of another shop."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from dropship import services as dropship
from exports import services as exports
from merchant import services
from merchant.models import Operation, OperationLog, Role
from payouts import services as payouts
from products import services as products
from tests.conftest import staff_of, token_client
from tests.factories.dropship import make_manufacturer, make_merchant, return_address
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product, product_form


def actions(shop):
    """What was logged, but for the factories' products (made and put on sale: logged too)."""
    return list(
        OperationLog.objects.filter(shop=shop)
        .exclude(action__in=[Operation.PRODUCT_CREATED, Operation.PRODUCT_ON_SALE])
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_price_edit_on_the_page_is_logged_with_who_and_where(shop, owner, owner_client):
    product = make_product(shop, stock=5)
    sku = product.skus.get()
    answer = owner_client.post(
        f"/products/{product.pk}/edit/",
        product_form(product, price="15.00"),
        REMOTE_ADDR="203.0.113.9",
    )
    assert answer.status_code == 302
    line = OperationLog.objects.get(action=Operation.PRODUCT_CHANGED)
    assert (line.actor, line.ip_address) == (owner, "203.0.113.9")
    # The single-buy price follows the group price when left empty.
    assert line.changes == {
        f"{sku.spec}/price": ["19.90", "15.00"],
        f"{sku.spec}/single_price": ["19.90", "15.00"],
    }
    assert str(product.goods_id) in line.target

    page = owner_client.get("/settings/operations/").content.decode()
    assert "编辑商品" in page and "拼单价" in page and "203.0.113.9" in page


def test_every_kind_of_change_is_logged_once(shop, owner, owner_api):
    operations = staff_of(shop, Role.OPERATIONS)
    member = shop.memberships.get(user=operations)
    product = make_product(shop, stock=3, on_sale=False)
    products.set_sale_status(shop=shop, product_ids=[product.pk], on_sale=True)
    products.update_stock(sku=product.skus.get(), quantity=7)
    services.update_staff(membership=member, role=Role.FINANCE, is_active=True)
    services.update_shop(shop=shop, low_stock_threshold=4)
    address = return_address(shop)
    services.set_default_return_address(return_address=address)
    services.delete_return_address(return_address=address)
    bind_card(shop, owner)
    give_balance(shop, "2000")
    payouts.request_withdrawal(shop=shop, amount="1000", requested_by=owner)
    assert OperationLog.objects.filter(
        action=Operation.PRODUCT_ON_SALE, target__contains=str(product.goods_id)
    ).exists()
    assert actions(shop) == [
        Operation.STOCK_CHANGED,
        Operation.MEMBER_CHANGED,
        Operation.SHOP_CHANGED,
        Operation.RETURN_ADDRESS_ADDED,
        Operation.RETURN_ADDRESS_DEFAULT,
        Operation.RETURN_ADDRESS_DELETED,
        Operation.BANK_CARD_BOUND,
        Operation.WITHDRAWAL_REQUESTED,
    ]
    stock = OperationLog.objects.get(action=Operation.STOCK_CHANGED)
    assert list(stock.changes.values()) == [["3", "7"]]
    staff = OperationLog.objects.get(action=Operation.MEMBER_CHANGED)
    assert staff.changes == {"role": ["operations", "finance"]}
    assert OperationLog.objects.get(action=Operation.WITHDRAWAL_REQUESTED).actor == owner

    # Changing nothing logs nothing.
    services.update_shop(shop=shop, low_stock_threshold=4)
    assert actions(shop).count(Operation.SHOP_CHANGED) == 1

    listed = owner_api.get("/api/v1/shop/operations?action=payouts.withdrawal").json()["results"]
    assert [(row["action_label"], row["changes"]) for row in listed] == [
        ("申请提现", {"amount": ["", "1000.00"]})
    ]
    assert owner_api.get("/api/v1/shop/operations?created_from=2026-13-01").status_code == 400


def test_dropship_steps_are_logged_in_each_shop(db):
    merchant, maker = make_merchant(), make_manufacturer()
    binding = dropship.bind_manufacturer(
        merchant_shop=merchant.shop,
        manufacturer_shop_no=maker.shop.shop_no,
        requested_by=merchant.user,
    )
    dropship.answer_binding(binding=binding, accept=True)
    order = place(BuyerFactory(), make_product(merchant.shop).skus.get())
    dropship.sync_dropship_orders(binding=binding)
    dropship.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=[order.order_sn],
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )
    dropship.cancel_assignments(
        merchant_shop=merchant.shop, order_sns=[order.order_sn], actor=merchant.user
    )
    assert actions(merchant.shop) == [
        Operation.BINDING_REQUESTED,
        Operation.ORDERS_ASSIGNED,
        Operation.ASSIGNMENTS_CANCELLED,
    ]
    assert actions(maker.shop) == [Operation.BINDING_ANSWERED]
    assigned = OperationLog.objects.get(action=Operation.ORDERS_ASSIGNED)
    assert assigned.changes == {"orders": ["", order.order_sn]}


def test_the_log_is_append_only_down_to_the_database(shop, owner):
    line = services.record_operation(shop=shop, action=Operation.SHOP_CHANGED, actor=owner)
    with pytest.raises(TypeError):
        line.save()
    with pytest.raises(TypeError):
        OperationLog.objects.filter(pk=line.pk).update(target="x")
    with pytest.raises(TypeError):
        OperationLog.objects.filter(pk=line.pk).delete()
    for sql in (
        "UPDATE merchant_operationlog SET target = 'x' WHERE id = %s",
        "DELETE FROM merchant_operationlog WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [line.pk])
    line.refresh_from_db()
    assert line.target == ""


def test_only_the_owner_reads_it_and_only_their_shops(shop, owner, other_shop, owner_client):
    services.record_operation(shop=other_shop, action=Operation.SHOP_CHANGED, target="别家")
    services.record_operation(shop=shop, action=Operation.SHOP_CHANGED, target="自家")
    page = owner_client.get("/settings/operations/").content.decode()
    assert "自家" in page and "别家" not in page
    for role in (Role.OPERATIONS, Role.FINANCE, Role.CUSTOMER_SERVICE):
        user = staff_of(shop, role)
        client = Client()
        client.force_login(user)
        assert client.get("/settings/operations/").status_code == 403
        assert token_client(user).get("/api/v1/shop/operations").status_code == 403
    refused = owner_client.get("/settings/operations/?created_to=2026-02-30").content.decode()
    assert 'data-testid="operation-filter-errors"' in refused and "自家" not in refused


def test_the_owner_exports_the_filtered_log(shop, owner):
    services.record_operation(
        shop=shop, action=Operation.SHOP_CHANGED, changes={"name": ["旧", "新"]}, actor=owner
    )
    services.record_operation(shop=shop, action=Operation.STOCK_CHANGED)
    export = exports.request_export(
        shop=shop,
        user=owner,
        kind="merchant.operations",
        file_format="csv",
        params={"action": "shop.changed"},
        language="zh-hans",
    )
    exports.build_export(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    assert "修改店铺设置" in text and "名称: 旧 → 新" in text and "修改库存" not in text
