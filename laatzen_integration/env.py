"""Reading configuration from the environment, with clear errors for bad values."""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql", "psql")


def database_config(url: str) -> dict:
    """Turn a ``DATABASE_URL`` into a Django database dict or fail loudly.

    django-environ silently produces half-empty configurations for many malformed
    URLs (a missing scheme, a typo in it); a wrong database must stop start-up.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed or uses an unsupported scheme: {url!r}. "
            "Use e.g. postgres://user:password@host:5432/name or sqlite:////path/db.sqlite3."
        )
    if scheme != "sqlite" and not rest.split("?")[0].rpartition("/")[2]:
        raise ImproperlyConfigured(f"DATABASE_URL names no database: {url!r}.")
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises a mix of error types
        raise ImproperlyConfigured(f"DATABASE_URL cannot be parsed: {url!r} ({exc}).") from exc
    if scheme != "sqlite":
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


def mailers_config(url: str) -> dict:
    """Turn ``EMAIL_URL`` (smtp+tls://user:pw@host:587, consolemail://, filemail:///dir, …)
    into MAILERS."""
    try:
        config = environ.Env.email_url_config(url)
    except Exception as exc:
        raise ImproperlyConfigured(f"EMAIL_URL cannot be parsed: {url!r} ({exc}).") from exc
    backend = config["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        if not config.get("EMAIL_HOST"):
            raise ImproperlyConfigured(f"EMAIL_URL names no mail host: {url!r}.")
        options = {
            "host": config["EMAIL_HOST"],
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER", ""),
            "password": config.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": 20,
        }
    elif backend.endswith("filebased.EmailBackend"):
        # filemail:///var/mail/laatzen – one file per connection (tests count them across
        # processes). django-environ drops the leading slash of the path, so take it here.
        options = {"file_path": url.partition("://")[2] or "."}
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
