"""Product images are served (public store, a URL that answers), bounded and re-encoded;
private files (statements) have no URL at all."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from products.models import ProductImage
from tests.factories.products import make_product, png

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (60, 40), "white")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 16.0, 0.0)}  # GPSInfo: where the photo was taken
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def edit(client, product, *files):
    sku = product.skus.get()
    return client.post(
        f"/products/{product.pk}/edit/",
        {
            "title": product.title,
            "description": "",
            "images": list(files),
            "skus-TOTAL_FORMS": "1",
            "skus-INITIAL_FORMS": "1",
            "skus-0-id": str(sku.pk),
            "skus-0-spec": sku.spec,
            "skus-0-price": str(sku.price),
            "skus-0-stock": str(sku.stock),
        },
    )


def test_an_uploaded_image_is_served_at_its_url(owner_client, shop):
    product = make_product(shop)

    edit(owner_client, product, SimpleUploadedFile("衬衫.png", png(), "image/png"))

    image = ProductImage.objects.get(product=product)
    url = image.image.url
    served = Client().get(url)  # buyers' apps load it without signing in
    assert url.startswith("/media/products/") and "衬衫" not in url
    assert served.status_code == 200
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"  # re-encoded as JPEG
    assert "immutable" in served["Cache-Control"]


def test_a_large_image_is_scaled_and_its_metadata_dropped(owner_client, shop, settings):
    product = make_product(shop)

    edit(owner_client, product, SimpleUploadedFile("big.jpg", jpeg_with_gps(), "image/jpeg"))
    settings.PRODUCT_IMAGE_MAX_SIDE = 20
    edit(owner_client, product, SimpleUploadedFile("wide.png", png(400, 100), "image/png"))

    first, second = ProductImage.objects.filter(product=product).order_by("sort_order")
    with Image.open(first.image.path) as stored:
        assert not stored.getexif().get_ifd(0x8825)
    with Image.open(second.image.path) as stored:
        assert stored.size == (20, 5)


def test_transparency_is_kept_as_png(owner_client, shop):
    product = make_product(shop)

    edit(owner_client, product, SimpleUploadedFile("logo.png", png(alpha=True), "image/png"))

    assert ProductImage.objects.get(product=product).image.name.endswith(".png")


def test_an_image_over_the_limit_is_a_form_error_and_saves_nothing(owner_client, shop, settings):
    settings.PRODUCT_IMAGE_MAX_BYTES = 10_000
    product = make_product(shop, title="原标题")
    huge = png(extra=b"\0" * 20_000)

    response = edit(owner_client, product, SimpleUploadedFile("huge.png", huge, "image/png"))

    assert response.status_code == 400
    assert "huge.png" in response.content.decode()
    assert not ProductImage.objects.exists()


def test_a_file_that_is_not_an_image_is_refused(owner_client, shop):
    product = make_product(shop)
    fake = SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", "image/png")

    response = edit(owner_client, product, fake)

    assert response.status_code in (200, 400)
    assert not ProductImage.objects.exists()


def test_private_files_have_no_url(shop):
    private = settings.PRIVATE_MEDIA_ROOT / "statements"
    private.mkdir(parents=True, exist_ok=True)
    (private / "statement-1.csv").write_text("订单号\n")

    for path in [
        "/media/statements/statement-1.csv",
        "/media/../private/statements/statement-1.csv",
    ]:
        assert Client().get(path).status_code in (400, 404)  # traversal is a 400
