"""Shop scoping, in one place.

Every model that belongs to a shop uses `ShopScopedQuerySet` (directly or with a
`shop_field` path such as "order__shop"). Views and APIs reach tenant data only through
selectors that call `for_shop()` or `get_object_for_shop()`, so "missing" and "another
shop's" are the same 404 and forgetting the scope means writing code that stands out.
"""

from django.db import models
from django.http import Http404


class ShopScopedQuerySet(models.QuerySet):
    shop_field = "shop"

    def for_shop(self, shop):
        return self.filter(**{self.shop_field: shop})


def get_object_for_shop(queryset, *, shop, **lookup):
    """The one object matching `lookup` inside `shop`, or Http404 for missing and foreign."""
    try:
        return queryset.for_shop(shop).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
