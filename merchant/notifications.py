"""Console notifications (站内通知) are stored as a kind and parameters; the app that sends a
kind registers how it reads, and it is rendered in the reader's language at display time.
A lower app cannot import a higher one, so the texts live with their senders."""

from collections.abc import Callable

from django.utils.translation import gettext as _

_renderers: dict[str, Callable[[dict], str]] = {}


def register(kind: str):
    def decorator(renderer: Callable[[dict], str]):
        _renderers[kind] = renderer
        return renderer

    return decorator


def render(notification) -> str:
    renderer = _renderers.get(notification.kind)
    if renderer is None:
        return _("Notification of an unknown kind (%(kind)s).") % {"kind": notification.kind}
    return renderer(notification.params)
