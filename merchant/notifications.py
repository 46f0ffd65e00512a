"""The notification center's kinds (消息中心).

A notification is stored as a kind and parameters, never as text, and rendered in the
reader's language at display time. Each kind is registered by the app that sends it (a lower
app cannot import a higher one, so the wording lives with its sender), with:

- `areas`: the console areas whose members receive it (finance sees money, operations sees
  orders: `merchant.permissions.AREAS_BY_ROLE`);
- `label`: its name on the settings page, where a member turns the kind off, unless it is
  not `optional` (a bank card change is a security notice: every owner reads it);
- `link`: where the notification leads, from its parameters.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from merchant.permissions import AREAS_BY_ROLE, SHOP

SHOP_SUSPENDED_NOTIFICATION = "merchant.shop_suspended"
SHOP_REINSTATED_NOTIFICATION = "merchant.shop_reinstated"


@dataclass(frozen=True)
class NotificationKind:
    kind: str
    areas: tuple[str, ...]
    label: str
    render: Callable[[dict], str]
    link: Callable[[dict], str | None] | None = None
    optional: bool = True


_kinds: dict[str, NotificationKind] = {}


def register(kind: str, *, areas, label, link=None, optional: bool = True):
    """Decorates the renderer of `kind`: `params -> text`."""

    def decorator(renderer: Callable[[dict], str]):
        _kinds[kind] = NotificationKind(
            kind=kind,
            areas=tuple(areas),
            label=label,
            render=renderer,
            link=link,
            optional=optional,
        )
        return renderer

    return decorator


def get_kind(kind: str) -> NotificationKind:
    """A kind a sender uses must be registered (its app's `ready` imports the module)."""
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"notification kind {kind!r} is not registered") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.kind)


def kinds_for(membership) -> list[NotificationKind]:
    """The kinds a member receives: those of the areas their role reaches."""
    if membership is None:
        return []
    reached = AREAS_BY_ROLE.get(membership.role, set())
    return [kind for kind in all_kinds() if reached & set(kind.areas)]


def render(notification) -> str:
    kind = _kinds.get(notification.kind)
    if kind is None:
        return _("Notification of an unknown kind (%(kind)s).") % {"kind": notification.kind}
    return kind.render(notification.params)


def link(notification) -> str | None:
    kind = _kinds.get(notification.kind)
    if kind is None or kind.link is None:
        return None
    try:
        return kind.link(notification.params)
    except (KeyError, ValueError, NoReverseMatch):  # parameters of an older shape: no link
        return None


# The shop's own notices


@register(
    SHOP_SUSPENDED_NOTIFICATION,
    areas=[SHOP],
    label=gettext_lazy("Shop suspended"),
    optional=False,  # every member must know why the console stopped working
)
def shop_suspended(params: dict) -> str:
    return _("The platform suspended this shop: %(reason)s") % {"reason": params.get("reason", "")}


@register(
    SHOP_REINSTATED_NOTIFICATION,
    areas=[SHOP],
    label=gettext_lazy("Shop reinstated"),
    link=lambda params: reverse("home"),
    optional=False,
)
def shop_reinstated(params: dict) -> str:
    return _("The platform lifted this shop's suspension: it works as before.")
