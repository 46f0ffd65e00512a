"""Events merchant sends to the apps above it (which it must not import)."""

from django.dispatch import Signal

# A membership was switched off or changed role: whatever was opened through it (chat
# sockets) must close. Sent inside the transaction; receivers act on commit.
membership_changed = Signal()  # membership

# A user's credentials were revoked (password change, deactivation): every session-like
# thing of theirs must end. Sent inside the transaction; receivers act on commit.
credentials_revoked = Signal()  # user
