"""Sign-in through the municipality's directory (LDAP / Active Directory): optional.

Off while ``LDAP_URL`` is empty (settings.py, ``LDAP_*`` variables; docs/betrieb/verzeichnis.md).
django-python3-ldap binds as the person who signs in and creates or updates their account
from the directory's attributes; this module adds what a town hall needs on top:

- *search, then bind*: with a service account (``LDAP_BIND_DN``) the person's entry is looked
  up anywhere below ``LDAP_SEARCH_BASE`` (users live in many OUs), else the bind name is
  ``uid=<name>,<base>`` or, for Active Directory, ``<name>@<domain>``;
- *groups decide*: the directory groups map to the roles (``LDAP_GROUP_COORDINATOR``,
  ``LDAP_GROUP_COUNCIL``, ``LDAP_GROUP_ACTOR``) and, through an actor's
  ``directory_group``, to actor memberships; both are brought up to date at every sign-in,
  so whoever changed group in the directory has the new rights with the next sign-in;
- *local accounts keep working*: a local account with a password of its own is never taken
  over by a directory entry of the same name (``ModelBackend`` decides for it), and an
  account the coordination deactivated stays out;
- django-axes still counts every failed attempt (its backend comes first).
"""

from __future__ import annotations

import logging

import ldap3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_python3_ldap.auth import LDAPBackend
from django_python3_ldap.utils import (
    format_username_active_directory_principal,
    format_username_openldap,
)
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from . import services
from .dn import normalise_dn

logger = logging.getLogger(__name__)

# A bind name that cannot exist: the bind fails like a wrong password (nothing is revealed).
UNKNOWN = "cn=unbekannt,o=invalid"


def enabled() -> bool:
    return bool(getattr(settings, "LDAP_AUTH_URL", None))


def _server_pool() -> ldap3.ServerPool:
    urls = settings.LDAP_AUTH_URL
    pool = ldap3.ServerPool(None, ldap3.FIRST, active=1, exhaust=5)
    for url in urls if isinstance(urls, list) else [urls]:
        pool.add(ldap3.Server(url, connect_timeout=settings.LDAP_AUTH_CONNECT_TIMEOUT))
    return pool


def _find_dn(username: str) -> str | None:
    """The entry of ``username`` below the search base, looked up by the service account."""
    attribute = settings.LDAP_AUTH_USER_FIELDS["username"]
    object_class = escape_filter_chars(settings.LDAP_AUTH_OBJECT_CLASS)
    search = f"(&(objectClass={object_class})({attribute}={escape_filter_chars(username)}))"
    try:
        with ldap3.Connection(
            _server_pool(),
            user=settings.LDAP_BIND_DN,
            password=settings.LDAP_BIND_PASSWORD,
            auto_bind=ldap3.AUTO_BIND_TLS_BEFORE_BIND
            if settings.LDAP_AUTH_USE_TLS
            else ldap3.AUTO_BIND_NO_TLS,
            receive_timeout=settings.LDAP_AUTH_RECEIVE_TIMEOUT,
            raise_exceptions=True,
        ) as connection:
            connection.search(settings.LDAP_AUTH_SEARCH_BASE, search, attributes=[], size_limit=2)
            entries = [e for e in connection.response if e.get("type") == "searchResEntry"]
    except LDAPException as error:
        logger.warning("directory: service account search failed: %s", error)
        return None
    if len(entries) != 1:
        return None  # none, or ambiguous: never guess whom to sign in
    return entries[0]["dn"]


def format_username(model_fields: dict) -> str:
    """The name to bind as (``LDAP_AUTH_FORMAT_USERNAME``)."""
    if settings.LDAP_BIND_DN:
        return _find_dn(model_fields["username"]) or UNKNOWN
    if settings.LDAP_AUTH_ACTIVE_DIRECTORY_DOMAIN:
        return format_username_active_directory_principal(model_fields)
    return format_username_openldap(model_fields)


def clean_user_data(model_fields: dict) -> dict:
    """Directory names are case-insensitive: one account for ``Anna.Meier`` and ``anna.meier``."""
    cleaned = {key: (value or "").strip() for key, value in model_fields.items()}
    cleaned["username"] = cleaned.get("username", "").casefold()
    return cleaned


def directory_groups(connection, dn: str | None, attributes: dict) -> set[str]:
    """The person's groups: ``memberOf`` (Active Directory, OpenLDAP's overlay) and the
    groups that list them as ``member``/``uniqueMember`` (plain OpenLDAP)."""
    groups = {normalise_dn(g) for g in attributes.get("memberOf", []) or []}
    if dn and connection is not None:
        escaped = escape_filter_chars(dn)
        connection.search(
            settings.LDAP_GROUP_SEARCH_BASE,
            f"(|(member={escaped})(uniqueMember={escaped}))",
            attributes=[],
        )
        groups.update(
            normalise_dn(entry["dn"])
            for entry in connection.response
            if entry.get("type") == "searchResEntry"
        )
    return groups


def sync_user_relations(user, ldap_attributes, *, connection=None, dn=None) -> None:
    """Roles and actor memberships from the directory (``LDAP_AUTH_SYNC_USER_RELATIONS``)."""
    groups = directory_groups(connection, dn, ldap_attributes)
    user._directory_role = services.user_sync_from_directory(
        account=user,
        dn=dn or "",
        groups=groups,
        role_groups={
            role: {normalise_dn(g) for g in dns} for role, dns in settings.LDAP_ROLE_GROUPS.items()
        },
    )


class DirectoryBackend(LDAPBackend):
    """``LDAPBackend`` that leaves local accounts alone and signs in only people whom the
    directory gives a role."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if not enabled() or not username or not password:
            return None
        local = get_user_model().objects.filter(username__iexact=username.strip()).first()
        if local is not None and not local.directory_dn and local.has_usable_password():
            return None  # a local account: its own password decides (ModelBackend)
        if local is not None and not local.is_active:
            return None  # deactivated by the coordination
        try:
            with transaction.atomic():
                user = super().authenticate(request, username=username.strip(), password=password)
                if user is not None and getattr(user, "_directory_role", None) is None:
                    logger.info("directory: %s is in no group that gives a role", user.username)
                    # Someone new stays out without an account; someone known loses the
                    # roles and memberships the directory took away (kept), and stays out.
                    if local is None:
                        transaction.set_rollback(True)
                    return None
        except LDAPException as error:
            logger.warning("directory: sign-in of %r failed: %s", username, error)
            return None
        if user is None or not user.is_active:
            return None
        return user
