"""Django's Postgres backend, reading `timestamptz` columns with `datetime.fromisoformat`.

Django (5.2) loads every `timestamptz` value through a subclass of psycopg's pure-Python
loader, so even with psycopg's C extension each one is parsed by a regular expression in
Python (Django ticket #36960): about 14 us a value here, a millisecond for one page of
orders. `datetime.fromisoformat` (C) reads Postgres' ISO output in a fraction of that; any
other text (another DateStyle, BC dates, infinity) still goes to psycopg's loader, which
answers exactly as before.
"""

import functools
from datetime import datetime

from django.conf import settings
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import BaseTzLoader, get_adapters_template
from psycopg.adapt import AdaptersMap


class IsoTzLoader(BaseTzLoader):
    """Django's loader (the value in the connection's time zone, `timezone` attached), with
    the common ISO case parsed in C."""

    def load(self, data):
        try:
            value = datetime.fromisoformat(bytes(data).decode())
        except ValueError:
            return super().load(data)
        return value.replace(tzinfo=self.timezone)


@functools.cache
def get_adapters(use_tz: bool, timezone) -> AdaptersMap:
    """Django's adapters for connections in `timezone`, with `IsoTzLoader`."""
    adapters = AdaptersMap(get_adapters_template(use_tz, timezone))
    loader = type("IsoTzLoader", (IsoTzLoader,), {"timezone": timezone})
    adapters.register_loader("timestamptz", loader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params["context"] = get_adapters(settings.USE_TZ, self.timezone)
        return params
