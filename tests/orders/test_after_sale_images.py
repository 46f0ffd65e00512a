"""A buyer's photos for an after-sale: re-encoded on upload, never public, shown to the shop
(console and API), to the buyer who sent them and to platform admins; to no one else."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from orders import services
from orders.models import AfterSale, AfterSaleImage
from tests.conftest import token_client
from tests.factories.merchant import staff_client
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(shop):
    order = place(BuyerFactory(), make_product(shop, price="60.00").skus.get())
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    return order


def photo(name="broken.png", content=None):
    return SimpleUploadedFile(name, content or png(), content_type="image/png")


def ask(client, order, *images):
    return client.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"kind": "refund_only", "reason": "杯子碎了", "amount": "60.00", "images": list(images)},
        format="multipart",
    )


def test_the_shop_and_the_buyer_see_the_photos_and_no_one_else(
    order, owner_api, owner_client, other_owner_api
):
    buyer_api = token_client(order.buyer.user)

    created = ask(buyer_api, order, photo(), photo("second.jpg"))
    after_sale = AfterSale.objects.get()
    seen_by_shop = owner_api.get(f"/api/v1/after-sales/{after_sale.pk}").json()["images"]
    first = seen_by_shop[0]["url"]
    page = owner_client.get(f"/after-sales/{after_sale.pk}/").content.decode()

    assert created.status_code == 201, created.content
    assert [i["url"] for i in created.json()["images"]][0].startswith("/api/v1/buyer/")
    assert len(seen_by_shop) == 2
    served = owner_api.get(first)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert 'data-testid="photos"' in page
    console = owner_client.get(f"/after-sales/{after_sale.pk}/images/{seen_by_shop[0]['id']}/")
    assert console.status_code == 200
    assert buyer_api.get(created.json()["images"][0]["url"]).status_code == 200
    assert other_owner_api.get(first).status_code == 404
    stranger = token_client(BuyerFactory().user)
    assert stranger.get(created.json()["images"][0]["url"]).status_code == 404
    assert Client().get(f"/after-sales/{after_sale.pk}/images/1/").status_code == 302  # login
    stored = AfterSaleImage.objects.first().image
    assert stored.storage.location == str(settings.PRIVATE_MEDIA_ROOT)  # no URL of its own
    assert Client().get(f"/media/{stored.name}").status_code == 404


def test_too_many_or_not_images_change_nothing(order):
    buyer_api = token_client(order.buyer.user)

    too_many = ask(buyer_api, order, *(photo(f"{n}.png") for n in range(6)))
    not_an_image = ask(buyer_api, order, photo("x.png", b"MZ not a picture"))

    assert too_many.status_code == 400 and "images" in too_many.json()["fields"]
    assert not_an_image.status_code == 400 and "images" in not_an_image.json()["fields"]
    assert not AfterSale.objects.exists() and not AfterSaleImage.objects.exists()


def test_a_platform_admin_opens_the_photos_of_an_appeal(order):
    ask(token_client(order.buyer.user), order, photo())
    after_sale = AfterSale.objects.get()
    image = after_sale.images.get()
    viewer, _user = staff_client("view_aftersale")

    page = viewer.get(f"/admin/orders/aftersale/{after_sale.pk}/change/").content.decode()
    served = viewer.get(f"/admin/orders/aftersale/{after_sale.pk}/images/{image.pk}/")

    assert f"/admin/orders/aftersale/{after_sale.pk}/images/{image.pk}/" in page
    assert served.status_code == 200


def test_odd_input_to_a_request_is_refused_by_name_and_changes_nothing(order, settings):
    """A photo over the size limit, digits that are not ASCII, a NUL byte, a formula."""
    buyer_api = token_client(order.buyer.user)
    settings.PRODUCT_IMAGE_MAX_BYTES = 50_000
    url = f"/api/v1/buyer/orders/{order.order_sn}/after-sales"
    item = order.items.get()

    huge = ask(buyer_api, order, photo("big.png", png(width=800, height=800, extra=b"0" * 60_000)))
    odd_digits = buyer_api.post(
        url,
        {"reason": "x", "amount": "1.00", "order_item_id": item.pk, "quantity": "²"},
        format="json",
    )
    nul = buyer_api.post(url, {"reason": "坏\x00了", "amount": "1.00"}, format="json")

    assert huge.status_code == 400 and "images" in huge.json()["fields"]
    assert odd_digits.status_code == 400 and "quantity" in odd_digits.json()["fields"]
    assert nul.status_code == 400
    assert not AfterSale.objects.exists()


def test_a_formula_as_the_reason_is_kept_as_text(order, owner_client):
    buyer_api = token_client(order.buyer.user)

    created = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"reason": '=HYPERLINK("http://x")', "amount": "1.00"},
        format="json",
    )
    page = owner_client.get(f"/after-sales/{created.json()['id']}/").content.decode()

    assert created.status_code == 201
    assert "=HYPERLINK(&quot;http://x&quot;)" in page  # shown as text, escaped
