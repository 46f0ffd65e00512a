"""Events merchant sends to the apps above it (which it must not import)."""

from django.dispatch import Signal

# A user's credentials were revoked (password change, deactivation, role change, a revoked
# token): every session-like thing of theirs must end. Sent inside the transaction;
# receivers act on commit.
credentials_revoked = Signal()  # user
