"""Rule data of API tokens (a bureau may change these numbers)."""

from __future__ import annotations

# A token always expires: the owner may choose a shorter life, never a longer one than the maximum.
# A token stored without an expiry (issued before expiries existed) expires this long after it
# was issued.
DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
# A read-only token may call only these HTTP methods; anything else is a write operation.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Longest token name.
MAX_NAME_LENGTH = 100
