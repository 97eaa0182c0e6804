"""The address of the person logging in, for django-axes (``AXES_CLIENT_IP_CALLABLE``).

Behind nginx (deploy/nginx) every request reaches gunicorn from the proxy, so
``REMOTE_ADDR`` is the proxy's address for everybody: the lock-out "per username and address"
became a lock-out per username, which anyone can trigger for any account (five wrong
passwords lock the coordination out). nginx appends the address it saw to
``X-Forwarded-For`` (``$proxy_add_x_forwarded_for``); the entries left of it come from the
client and prove nothing. So the address is the right-most entry that is not one of our
proxies, and ``X-Forwarded-For`` counts only when the request came from a proxy we trust
(``TRUSTED_PROXY_IPS``, the same addresses as gunicorn's ``FORWARDED_ALLOW_IPS``).
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_TRUSTED = ("127.0.0.1", "::1")


def _trusted() -> set[str]:
    return set(getattr(settings, "TRUSTED_PROXY_IPS", DEFAULT_TRUSTED))


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    trusted = _trusted()
    trust_all = "*" in trusted
    if not (trust_all or remote in trusted):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if trust_all or hop not in trusted:
            return hop
    return remote
