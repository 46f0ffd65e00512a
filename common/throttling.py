"""DRF's rate limits, failing open: their counters live in the Redis cache, and a Redis
outage must not turn every API call into a 500. While the cache is unreachable requests
are let through (login brute force stays limited by django-axes, which counts in the
database)."""

import logging

from redis.exceptions import RedisError
from rest_framework import throttling

from common.http import client_ip

logger = logging.getLogger(__name__)


class FailOpenMixin:
    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            logger.warning("cache unavailable: %s not applied", type(self).__name__)
            return True


class AnonRateThrottle(FailOpenMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FailOpenMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(FailOpenMixin, throttling.ScopedRateThrottle):
    pass
