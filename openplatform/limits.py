"""Rate limits per shop and per app (the documented ones, §1.9; OPEN_RATE_LIMITS overrides
an API's, for both levels), as fixed windows counted in the Redis cache, answered with the
protocol's codes: 70031 for a shop calling too often, 52101 for an app over the API's
limit. Failing open: a cache outage must not stop the merchant's ERP."""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from openplatform.protocol import GatewayError

logger = logging.getLogger(__name__)


def _over(key: str, calls: int, seconds: int) -> bool:
    window = int(time.time() // seconds)
    key = f"open-rate:{key}:{seconds}:{window}"
    try:
        if cache.add(key, 1, timeout=seconds + 1):
            return calls < 1
        return cache.incr(key) > calls
    except (RedisError, OSError, ValueError):
        logger.warning("cache unavailable: open platform rate limit not applied")
        return False


def check_rate(api, *, app, shop) -> None:
    override = settings.OPEN_RATE_LIMITS.get(api.name)
    shop_limit = override or api.shop_limit
    app_limit = override or api.app_limit
    if (
        shop is not None
        and shop_limit
        and _over(f"{api.name}:shop:{app.pk}:{shop.pk}", *shop_limit)
    ):
        raise GatewayError(70031, f"{api.name}每{shop_limit[1]}秒最多{shop_limit[0]}次")
    if app_limit and _over(f"{api.name}:app:{app.pk}", *app_limit):
        raise GatewayError(52101, f"{api.name}每{app_limit[1]}秒最多{app_limit[0]}次")
