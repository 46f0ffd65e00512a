from channels.db import database_sync_to_async

from common.consumers import JsonObjectsConsumer
from openplatform import push

CLOSE_UNAUTHENTICATED = 4401


class PushConsumer(JsonObjectsConsumer):
    """/message/{client_id}/{ts_ms}/{digest}: an app's message socket (§3). On connecting it
    gets every message it has not acknowledged; then each new one as it happens. Frames in:
    HeartBeat (answered), Ack (the message is done), Fail (it will come again). A message is
    sent once per connection: a new one does not bring back those still waiting for an Ack."""

    sent: set

    async def connect(self):
        route = self.scope["url_route"]["kwargs"]
        self.app = await database_sync_to_async(push.app_for_socket)(
            route["client_id"], route["timestamp"], route["digest"]
        )
        if self.app is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group, self.sent = push.app_group(self.app.pk), set()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.push_pending({})

    async def disconnect(self, code):
        if getattr(self, "app", None) is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def push_pending(self, event):
        frames = await database_sync_to_async(push.pending_frames)(
            self.app, already_sent=frozenset(self.sent)
        )
        for frame in frames:
            self.sent.add(frame["id"])
            await self.send_json(frame)

    async def receive_json(self, content, **kwargs):
        if content is None:
            return
        command = content.get("commandType")
        command = push.COMMANDS.get(command) if isinstance(command, str | int) else None
        if command == "HeartBeat":
            await self.send_json({"id": content.get("id"), "commandType": "HeartBeat"})
        elif command == "Ack":
            message_id = content.get("id")  # an id of its own messages, else nothing happens
            if await database_sync_to_async(push.acknowledge)(self.app, message_id):
                self.sent.discard(message_id)
