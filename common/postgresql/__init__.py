"""Django's Postgres backend with a faster `timestamptz` loader (see `base.py`)."""
