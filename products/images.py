"""Product images as stored: decoded and re-encoded by Pillow, so that what is served is a
plain JPEG or PNG of bounded size (no metadata such as GPS, no polyglot file, no
decompression bomb), under a random name."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from common.exceptions import InvalidInput

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # decoding more than this is refused before it starts


def prepare_image(upload) -> ContentFile:
    """The upload re-encoded for the public store, or InvalidInput (field "images")."""
    if upload.size > settings.PRODUCT_IMAGE_MAX_BYTES:
        raise InvalidInput(
            {
                "images": [
                    _("Each image may be at most %(size)d MB; %(name)s is %(actual).1f MB.")
                    % {
                        "size": settings.PRODUCT_IMAGE_MAX_BYTES // (1024 * 1024),
                        "name": upload.name,
                        "actual": upload.size / (1024 * 1024),
                    }
                ]
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(image.format)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError
            image = ImageOps.exif_transpose(image)
            side = settings.PRODUCT_IMAGE_MAX_SIDE
            image.thumbnail((side, side))
            has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
            output = io.BytesIO()
            if has_alpha:
                image.convert("RGBA").save(output, format="PNG", optimize=True)
                extension = "png"
            else:
                image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise InvalidInput(
            {
                "images": [
                    _("%(name)s is not a JPEG, PNG, WebP or GIF image.") % {"name": upload.name}
                ]
            }
        ) from error
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
