"""The shared cache (Redis), through Django's own backend with one change: a client per
connection pool, made once. Django's client builds a new `redis.Redis` for every call, and
building one fills its table of response callbacks (about 80 entries): a chat message, which
touches the cache four times (the API's throttle, the buyer's rate), spent 1.7 ms of CPU on
that alone (bench.chat, 2026-12-04)."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # redis.Redis is thread-safe over its pool
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
