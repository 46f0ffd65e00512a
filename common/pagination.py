"""Keyset (cursor) pagination for large lists, shared by console pages and the API.

A page is found by seeking the sort keys of the row next to it (`paid_at <= k AND
(paid_at < k OR id < i)`), never by OFFSET, so page 2,000 costs what page 1 costs.
"""

import base64
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from common.api import page_size_param


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    previous_cursor: str | None


def _encode(values, direction: str) -> str:
    payload = json.dumps({"k": values, "d": direction}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[list, str] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        values, direction = data["k"], data["d"]
        if direction not in ("next", "prev") or len(values) != 2:
            return None
        return [datetime.fromisoformat(values[0]), int(values[1])], direction
    except (ValueError, KeyError, TypeError):
        return None


class KeysetPaginator:
    """Pages of `queryset` in descending (`time_field`, `id`) order."""

    def __init__(self, queryset: QuerySet, *, time_field: str = "paid_at", page_size: int = 20):
        self.queryset = queryset
        self.time_field = time_field
        self.page_size = page_size

    def _key(self, item) -> list:
        return [getattr(item, self.time_field).isoformat(), item.pk]

    def page(self, cursor: str | None = None) -> KeysetPage:
        decoded = _decode(cursor) if cursor else None
        field = self.time_field
        if decoded is None:
            rows = list(self.queryset.order_by(f"-{field}", "-id")[: self.page_size + 1])
            has_more = len(rows) > self.page_size
            items = rows[: self.page_size]
            return KeysetPage(
                items, _encode(self._key(items[-1]), "next") if has_more else None, None
            )
        (at, pk), direction = decoded
        if direction == "next":
            seek = Q(**{f"{field}__lt": at}) | Q(**{field: at, "id__lt": pk})
            rows = list(
                self.queryset.filter(**{f"{field}__lte": at})
                .filter(seek)
                .order_by(f"-{field}", "-id")[: self.page_size + 1]
            )
            has_more = len(rows) > self.page_size
            items = rows[: self.page_size]
            next_cursor = _encode(self._key(items[-1]), "next") if has_more else None
            previous_cursor = _encode(self._key(items[0]), "prev") if items else None
            return KeysetPage(items, next_cursor, previous_cursor)
        seek = Q(**{f"{field}__gt": at}) | Q(**{field: at, "id__gt": pk})
        rows = list(
            self.queryset.filter(**{f"{field}__gte": at})
            .filter(seek)
            .order_by(field, "id")[: self.page_size + 1]
        )
        has_more = len(rows) > self.page_size
        items = list(reversed(rows[: self.page_size]))
        previous_cursor = _encode(self._key(items[0]), "prev") if has_more else None
        next_cursor = _encode(self._key(items[-1]), "next") if items else None
        return KeysetPage(items, next_cursor, previous_cursor)


class KeysetApiPagination(BasePagination):
    """The API side: `?cursor=` and `?page_size=` (at most 100); `next`/`previous` URLs."""

    time_field = "paid_at"
    page_size = 20
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = page_size_param(request, self.page_size, self.max_page_size)
        paginator = KeysetPaginator(queryset, time_field=self.time_field, page_size=size)
        self.page = paginator.page(request.query_params.get("cursor"))
        return self.page.items

    def _link(self, cursor):
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, "cursor", cursor)

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class CreatedAtKeysetPagination(KeysetApiPagination):
    """The same, for lists in order of creation (ledger entries, withdrawals)."""

    time_field = "created_at"
