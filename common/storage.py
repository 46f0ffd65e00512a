"""Two places for uploaded and generated files.

- `public` (MEDIA_ROOT/public, served at MEDIA_URL): product images, which buyers' apps and
  the console show by URL. Names are random, so nothing can be listed or guessed.
- `default` (MEDIA_ROOT/private, no URL): statements, exports, imports. Reached only
  through the views that check who asks (a statement download, for example).
"""

from django.core.files.storage import storages


def public_storage():
    return storages["public"]
