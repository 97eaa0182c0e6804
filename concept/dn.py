"""Distinguished names (directory groups) compared as the directory compares them."""

from ldap3.core.exceptions import LDAPException
from ldap3.utils.dn import safe_dn


def normalise_dn(dn: str) -> str:
    """``CN=Rat, OU=x`` and ``cn=rat,ou=x`` are one group: case and spaces do not count."""
    try:
        return safe_dn(dn.strip()).casefold()
    except LDAPException:  # not a DN: compare as written
        return dn.strip().casefold()
