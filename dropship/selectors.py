from dropship.models import DropshipIdentity


def get_identity(*, shop) -> DropshipIdentity | None:
    return DropshipIdentity.objects.for_shop(shop).first()


def get_dropship_role(*, shop) -> str | None:
    """ "merchant", "manufacturer", or None while the shop has not chosen."""
    identity = get_identity(shop=shop)
    return identity.role if identity else None
