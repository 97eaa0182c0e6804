"""A per-client-address request limit for anonymous forms („Passwort vergessen?“).

Counted in Django's cache (``CACHES``, set by ``CACHE_URL``): one counter per scope and
address, started by the first request and expiring ``window`` seconds later (a fixed window).
Nothing about the request is stored but the count under a hash of the address, and nothing at
all once the limit is reached (the counter only goes up).

With the default local-memory cache each server process counts on its own: with four
gunicorn workers on two hosts an address gets up to eight times the limit. That still bounds
a loop; ``CACHE_URL=rediscache://…`` (the Redis that RQ uses) makes the count exact.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from .client_ip import client_ip


def _key(scope: str, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def throttle_allows(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one request of the client's address in ``scope``; False past ``limit``."""
    key = _key(scope, client_ip(request) or "unknown")
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
