import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

django_application = get_asgi_application()  # sets Django up before the imports below

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402

from chat.auth import ChatAuthStack  # noqa: E402
from chat.consumers import ChatConsumer  # noqa: E402
from merchant.consumers import NotificationConsumer  # noqa: E402
from openplatform.consumers import PushConsumer  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": URLRouter(
            [
                path("ws/chat/", ChatAuthStack(ChatConsumer.as_asgi())),
                # The console's bell: the same origin check and session as the chat's socket.
                path("ws/notifications/", ChatAuthStack(NotificationConsumer.as_asgi())),
                # The open platform's message service: apps, authenticated by the path's digest.
                path(
                    "message/<str:client_id>/<str:timestamp>/<str:digest>",
                    PushConsumer.as_asgi(),
                ),
            ]
        ),
    }
)
