import random
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from chat import services as chat
from dropship import services as dropship
from dropship.models import DropshipRole
from dropship.services import choose_identity
from merchant.models import Role, User
from merchant.services import add_return_address, add_staff, register_merchant
from orders import services as orders
from orders.carriers import CARRIERS, sample_tracking_no
from orders.models import AfterSale, Buyer, LateShipment, Order, OrderEvent, RemarkFlag
from orders.services import register_buyer
from payouts import services as payouts
from products.models import Category
from products.services import create_product, put_on_sale

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105  (printed in the README: demo data only)

DEMO_LOGINS = [
    ("demo", "merchant owner of 多多优选旗舰店"),
    ("demo_ops", "its operations sub-account"),
    ("demo_kefu", "its customer-service sub-account (chat, after-sales)"),
    ("demo_factory", "owner of the dropship manufacturer 义乌好货源工厂"),
    ("demo_buyer", "a buyer (API only)"),
]

CATEGORIES = {
    "服饰": ["女装", "男装", "袜子"],
    "家居": ["杯具", "收纳", "清洁用品"],
    "食品": ["零食", "水果"],
    "数码": ["手机配件"],
}

PRODUCTS = [
    (
        "夏季新款纯棉短袖T恤女宽松百搭",
        "女装",
        [
            ("白色 / M", "19.90", "29.90"),
            ("白色 / L", "19.90", "29.90"),
            ("黑色 / L", "21.90", "31.90"),
        ],
    ),
    (
        "高腰直筒牛仔裤女显瘦阔腿裤",
        "女装",
        [("浅蓝 / 27", "49.90", "69.90"), ("深蓝 / 28", "49.90", "69.90")],
    ),
    (
        "男士冰丝速干运动短裤",
        "男装",
        [("黑色 / XL", "25.80", "35.80"), ("灰色 / XXL", "25.80", "35.80")],
    ),
    ("纯棉中筒袜子男女 10 双装", "袜子", [("混色 10 双", "12.90", "16.90")]),
    (
        "316 不锈钢保温杯大容量 500ml",
        "杯具",
        [("奶白 500ml", "39.00", "49.00"), ("雾蓝 500ml", "39.00", "49.00")],
    ),
    ("桌面收纳盒抽屉式化妆品置物架", "收纳", [("三层 白色", "29.90", "39.90")]),
    ("洗衣凝珠香味持久 100 颗", "清洁用品", [("薰衣草 100 颗", "27.90", "35.90")]),
    ("湿巾纸 80 抽 × 10 包 家庭装", "清洁用品", [("10 包", "15.90", "19.90")]),
    (
        "网红零食大礼包一整箱",
        "零食",
        [("30 包装", "36.80", "46.80"), ("50 包装", "55.80", "69.80")],
    ),
    (
        "海南贵妃芒果 5 斤装 当季新鲜",
        "水果",
        [("5 斤 中果", "29.90", "39.90"), ("5 斤 大果", "35.90", "45.90")],
    ),
    (
        "适用苹果 15 手机壳全包防摔",
        "手机配件",
        [("透明 iPhone 15", "9.90", "12.90"), ("磨砂黑 iPhone 15", "9.90", "12.90")],
    ),
    ("快充数据线 Type-C 1 米 3 条装", "手机配件", [("1 米 × 3", "13.80", "18.80")]),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "丽",
    "强",
    "婷",
    "浩然",
]
PLACES = [
    ("浙江省", "杭州市", "余杭区", "五常街道文一西路 998 号"),
    ("广东省", "深圳市", "南山区", "粤海街道科技园南区 8 栋"),
    ("江苏省", "南京市", "鼓楼区", "中山北路 200 号 3 单元 502"),
    ("上海市", "上海市", "浦东新区", "张江镇祖冲之路 887 弄"),
    ("北京市", "北京市", "朝阳区", "望京街道阜通东大街 6 号"),
    ("四川省", "成都市", "武侯区", "天府大道北段 1700 号"),
    ("湖北省", "武汉市", "洪山区", "珞喻路 1037 号"),
    ("山东省", "青岛市", "市南区", "香港中路 76 号"),
    ("河南省", "郑州市", "金水区", "花园路 39 号院 2 号楼"),
    ("福建省", "厦门市", "思明区", "软件园二期观日路 24 号"),
]
REASONS = ["尺码不合适", "不想要了", "商品有瑕疵", "与描述不符", "发货太慢"]


class Command(BaseCommand):
    help = "Create the demo shops, logins, products and orders (idempotent: kept if present)."

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
        rng = random.Random(2026)  # noqa: S311  (demo data, reproducible)
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
        demo_buyer = register_buyer(username="demo_buyer", password=DEMO_PASSWORD, nickname="小美")
        skus = self.create_products(merchant, rng)
        self.create_orders(merchant, skus, demo_buyer, rng)
        self.create_fund_history(merchant)
        self.create_dropship(merchant, factory, rng)
        self.create_after_sales(merchant, rng)
        self.create_chats(merchant, demo_buyer)
        self.stdout.write(
            f"Demo shops: {merchant.name} (shop ID {merchant.shop_no}), "
            f"{factory.name} (shop ID {factory.shop_no})."
        )

    def create_products(self, shop, rng):
        leaves = {}
        for index, (parent_name, children) in enumerate(CATEGORIES.items()):
            parent, _ = Category.objects.get_or_create(
                name=parent_name, parent=None, defaults={"sort_order": index}
            )
            for position, name in enumerate(children):
                leaves[name], _ = Category.objects.get_or_create(
                    name=name, parent=parent, defaults={"sort_order": position}
                )
        skus = []
        for index, (title, category, rows) in enumerate(PRODUCTS):
            product = create_product(
                shop=shop,
                title=title,
                category=leaves[category],
                description=f"{title}，包邮，七天无理由退换。",
                skus=[
                    {
                        "spec": spec,
                        "price": Decimal(price),
                        "single_price": Decimal(single),
                        "stock": rng.choice([3, 8, 200, 500, 1000]),
                    }
                    for spec, price, single in rows
                ],
            )
            if index != len(PRODUCTS) - 1:  # the last one stays off sale
                product.skus.update(stock=max(300, rng.randint(300, 900)))
                put_on_sale(product=product)
                skus += list(product.skus.all())
        return skus

    def create_orders(self, shop, skus, demo_buyer, rng):
        now = timezone.now()
        buyers = [demo_buyer] + [
            register_buyer(
                username=f"demo_buyer{n}",
                password=DEMO_PASSWORD,
                nickname=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
            )
            for n in range(1, 30)
        ]
        tracking_pool = []
        for _ in range(320):
            paid_at = now - timedelta(minutes=rng.randint(5, 30 * 24 * 60))
            province, city, district, address = rng.choice(PLACES)
            lines = rng.sample(skus, rng.choice([1, 1, 1, 2]))
            order = orders.place_order(
                buyer=rng.choice(buyers),
                shop_no=shop.shop_no,
                paid_at=paid_at,
                items=[
                    {"sku_id": sku.pk, "quantity": rng.choice([1, 1, 1, 2, 3])} for sku in lines
                ],
                consignee={
                    "name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                    "phone": f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                    "province": province,
                    "city": city,
                    "district": district,
                    "address": address,
                },
            )
            self.advance(order, now, rng, tracking_pool)
        orders.detect_late_shipments()

    def advance(self, order: Order, now, rng, tracking_pool):
        """Move a demo order along the way real ones go, at plausible times."""
        age = now - order.paid_at
        roll = rng.random()
        if roll < 0.05:
            orders.set_remark(
                order=order,
                remark=rng.choice(["加急发货", "送小礼品", "客户要求周末送达"]),
                remark_flag=rng.choice([f for f in RemarkFlag.values if f]),
                actor=None,
            )
        if age < timedelta(hours=60) and roll < 0.8 or roll < 0.06:
            if roll < 0.03:  # the buyer cancels (all of it, granted at once) or asks for part
                orders.open_after_sale(
                    order=order,
                    buyer=order.buyer,
                    reason=rng.choice(REASONS),
                    amount=order.pay_amount
                    if roll < 0.015
                    else (order.pay_amount / 2).quantize(Decimal("0.01")),
                )
            return  # still awaiting shipment (some of them past the deadline)
        carrier = rng.choice(list(CARRIERS))
        if tracking_pool and rng.random() < 0.02:
            carrier, tracking_no = rng.choice(tracking_pool)  # a merged parcel
        else:
            tracking_no = sample_tracking_no(carrier, rng)
            tracking_pool.append((carrier, tracking_no))
        shipped_at = order.paid_at + timedelta(hours=rng.choice([2, 6, 20, 30, 40, 47, 52]))
        if shipped_at > now:
            return
        order = orders.ship_order(
            order=order, carrier=carrier, tracking_no=tracking_no, at=shipped_at
        )
        if rng.random() < 0.08:
            after_sale = orders.open_after_sale(
                order=order, buyer=order.buyer, reason=rng.choice(REASONS), amount=order.pay_amount
            )
            if rng.random() < 0.5:
                orders.approve_after_sale(after_sale=after_sale, actor=None)
            return
        received_at = shipped_at + timedelta(days=rng.choice([1, 2, 3, 4]))
        if received_at < now:
            orders.confirm_receipt(order=order, at=received_at)

    def create_fund_history(self, shop):
        """Income for the received orders, penalties for the late ones, a bound card and two
        past withdrawals (one arrived, one refused by the bank), each at the time it would
        have happened: the demo moves the clock, as the tests do; the services are the real
        ones."""
        owner = shop.memberships.get(role=Role.OWNER).user
        now = timezone.now()
        with mock.patch("django.utils.timezone.now", return_value=now - timedelta(days=30)):
            payouts.bind_bank_card(  # a month ago: long past the new card's cooling-off
                shop=shop,
                user=owner,
                password=DEMO_PASSWORD,
                holder_name="张店长",
                bank_code="ICBC",
                card_no="6222021234567894",
                request=RequestFactory().post("/payouts/bank-card/"),
            )
        events = [
            (order.received_at, "income", order)
            for order in Order.objects.filter(shop=shop, status="received")
        ]
        events += [
            (late.order.shipped_at or late.ship_deadline, "penalty", late)
            for late in LateShipment.objects.filter(shop=shop).select_related("order")
        ]
        events += [
            (now - timedelta(days=9, hours=3), "withdraw_ok", None),
            (now - timedelta(days=4, hours=5), "withdraw_failed", None),
        ]
        for moment, kind, subject in sorted(events, key=lambda event: event[0]):
            with mock.patch("django.utils.timezone.now", return_value=moment):
                if kind == "income":
                    payouts.credit_order_income(order=subject)
                elif kind == "penalty":
                    payouts.charge_late_penalty(late_shipment=subject)
                else:
                    withdrawal = payouts.request_withdrawal(
                        shop=shop, amount=Decimal("1000.00"), requested_by=owner
                    )
                    payouts.submit_withdrawal(withdrawal=withdrawal)
                    if kind == "withdraw_ok":
                        payouts.mark_withdrawal_succeeded(withdrawal=withdrawal)
                    else:
                        payouts.mark_withdrawal_failed(
                            withdrawal=withdrawal, reason="收款账户状态异常，银行退回"
                        )
        # A buyer asks for part of a settled order back: the fund page holds it (售后冻结).
        settled = (
            Order.objects.filter(shop=shop, status="received", after_sale_status="none")
            .order_by("-received_at")
            .first()
        )
        if settled is not None:
            orders.open_after_sale(
                order=settled,
                buyer=settled.buyer,
                reason="收到的商品有破损，申请部分退款",
                amount=(settled.pay_amount / 2).quantize(Decimal("0.01")),
            )

    def create_dropship(self, merchant, factory, rng):
        """An active binding with the demo manufacturer, its supply prices, a return address,
        and orders in every dropship state."""
        owner = merchant.memberships.get(role=Role.OWNER).user
        maker = factory.memberships.get(role=Role.OWNER).user
        binding = dropship.bind_manufacturer(
            merchant_shop=merchant, manufacturer_shop_no=factory.shop_no, requested_by=owner
        )
        binding = dropship.answer_binding(binding=binding, accept=True)
        dropship.sync_dropship_orders(binding=binding)
        for product in merchant.products.prefetch_related("skus"):
            for sku in product.skus.all():
                if rng.random() < 0.85:  # a few stay without a price, as in real life
                    dropship.set_supply_price(
                        binding=binding,
                        sku=sku,
                        price=(sku.price * Decimal("0.6")).quantize(Decimal("0.01")),
                    )
        address = add_return_address(
            shop=merchant,
            name="多多优选退货仓",
            phone="13700137000",
            province="浙江省",
            city="杭州市",
            district="余杭区",
            address="仓前街道良睦路 1399 号",
        )
        candidates = list(
            merchant.dropship_orders.filter(
                dropship_status="unassigned",
                order__after_sale_status="none",
                order__is_under_review=False,
            )
            .select_related("order")
            .order_by("paid_at")[:24]
        )
        order_sns = [row.order.order_sn for row in candidates]
        dropship.assign_orders(
            merchant_shop=merchant,
            order_sns=order_sns[:18],
            manufacturer_shop_no=factory.shop_no,
            actor=owner,
        )
        for sn in order_sns[:12]:
            dropship.return_tracking(
                manufacturer_shop=factory,
                order_sn=sn,
                carrier="ZTO",
                tracking_no=sample_tracking_no("ZTO", rng),
                actor=maker,
            )
        dropship.ship_online(
            merchant_shop=merchant,
            order_sns=order_sns[:6],
            return_address_id=address.pk,
            actor=owner,
        )

    def create_after_sales(self, shop, rng):
        """Requests of every kind at every stage a merchant meets in 售后: waiting for an
        answer, for the buyer's parcel, for the merchant's receipt, refused, appealed."""
        owner = shop.memberships.get(role=Role.OWNER).user
        free = iter(
            Order.objects.filter(
                shop=shop, status__in=["shipped", "received"], after_sale_status="none"
            ).order_by("-paid_at")[:14]
        )
        steps = [
            ("refund_only", "missing_parts", []),
            ("refund_only", "not_wanted", []),
            ("refund_only", "damaged", []),
            ("return_and_refund", "quality", []),
            ("return_and_refund", "not_as_described", ["agree"]),
            ("return_and_refund", "wrong_item", ["agree", "ship_back"]),
            ("exchange", "wrong_item", []),
            ("exchange", "quality", ["agree", "ship_back"]),
            ("resend", "missing_parts", []),
            ("refund_only", "not_as_described", ["refuse"]),
            ("refund_only", "quality", ["refuse", "appeal"]),
            ("return_and_refund", "damaged", ["agree", "ship_back", "receive"]),
        ]
        for kind, reason_code, moves in steps:
            order = next(free, None)
            if order is None:
                return
            after_sale = orders.open_after_sale(
                order=order,
                buyer=order.buyer,
                kind=kind,
                reason_code=reason_code,
                reason=rng.choice(REASONS),
                amount=(order.pay_amount / 2).quantize(Decimal("0.01")),
            )
            # Asked some hours ago, so that the page shows deadlines running out at
            # different times (a demo's shortcut: the services stamp "now").
            age = min(  # never before the order shipped
                timedelta(hours=rng.choice([1, 5, 13, 26, 38, 45])),
                (timezone.now() - order.shipped_at) * 0.8,
            )
            AfterSale.objects.filter(pk=after_sale.pk).update(
                created_at=F("created_at") - age, deadline=F("deadline") - age
            )
            OrderEvent.objects.filter(order=order, kind="after_sale_opened").update(
                created_at=F("created_at") - age
            )
            for move in moves:
                if move == "agree":
                    orders.approve_after_sale(after_sale=after_sale, actor=owner)
                elif move == "ship_back":
                    orders.ship_return(
                        after_sale=after_sale,
                        buyer=order.buyer,
                        carrier="YTO",
                        tracking_no=sample_tracking_no("YTO", rng),
                    )
                elif move == "receive":
                    orders.confirm_return(after_sale=after_sale, actor=owner)
                elif move == "refuse":
                    orders.refuse_after_sale(
                        after_sale=after_sale, actor=owner, reason="商品已核对，发货完整"
                    )
                elif move == "appeal":
                    orders.appeal_after_sale(
                        after_sale=after_sale, buyer=order.buyer, reason="收到时外包装已破损"
                    )

    def create_chats(self, shop, demo_buyer):
        """A few conversations (one still waiting for an answer) and quick phrases."""
        kefu = shop.memberships.get(user__username="demo_kefu").user
        for text in [
            "亲，在的，请问有什么可以帮您？",
            "亲，今天下单今天发货哦",
            "亲，七天无理由退换，放心购买",
        ]:
            chat.add_quick_phrase(shop=shop, text=text)
        now = timezone.now()
        buyers = [demo_buyer, *Buyer.objects.exclude(pk=demo_buyer.pk).order_by("id")[:3]]
        scripts = [
            [
                ("buyer", "在吗？芒果今天能发货吗", 95),
                ("merchant", "亲，在的，今天下午就发货哦", 94),
                ("buyer", "好的，谢谢", 93),
            ],
            [
                ("buyer", "T恤尺码偏大还是偏小？", 60),
                ("merchant", "亲，正常尺码，按平时买就行", 52),
            ],
            [("buyer", "保温杯能刻字吗", 30), ("merchant", "亲，暂时不支持刻字哦", 29)],
            [("buyer", "我的快递怎么还没到？", 3)],
        ]
        for buyer, script in zip(buyers, scripts, strict=False):
            conversation = None
            for side, text, minutes_ago in script:
                moment = now - timedelta(minutes=minutes_ago)
                with mock.patch("django.utils.timezone.now", return_value=moment):
                    if side == "buyer":
                        message = chat.send_buyer_message(
                            buyer=buyer, shop_no=shop.shop_no, text=text
                        )
                        conversation = message.conversation
                    else:
                        chat.send_merchant_message(conversation=conversation, user=kefu, text=text)
