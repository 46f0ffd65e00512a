from django.db.models import QuerySet

from common.tenancy import get_object_for_shop
from openplatform.models import Grant, OpenApp


def list_grants(*, shop) -> QuerySet[Grant]:
    """The shop's live authorisations, newest first."""
    return Grant.objects.live().for_shop(shop).select_related("app", "granted_by")


def get_live_grant_for_shop(*, shop, grant_id) -> Grant:
    return get_object_for_shop(Grant.objects.live(), shop=shop, pk=grant_id)


def get_active_app(*, client_id: str) -> OpenApp | None:
    """The active app of a client ID (a call, a socket, a consent link), or None."""
    return OpenApp.objects.filter(client_id=(client_id or "")[:64], is_active=True).first()
