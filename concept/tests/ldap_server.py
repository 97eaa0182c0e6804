"""A real OpenLDAP server (Debian's slapd) for the directory sign-in tests.

Started from a throw-away configuration in a temporary folder on a free loopback port and
stopped after the tests; ``apt-get install slapd`` brings it (``.ci/run`` does). Without it
the tests are skipped, in CI they fail.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import ldap3
import pytest

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
BASE = "dc=musterstadt,dc=de"
ADMIN = f"cn=admin,{BASE}"
ADMIN_PASSWORD = "admin-secret"
PEOPLE = f"ou=Personen,{BASE}"
GROUPS = f"ou=Gruppen,{BASE}"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {folder}/data
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Directory:
    """The running server and a few writes the tests need (as the directory's admin)."""

    def __init__(self, url: str):
        self.url = url

    def _admin(self) -> ldap3.Connection:
        return ldap3.Connection(
            ldap3.Server(self.url), ADMIN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True
        )

    def add_person(self, uid: str, password: str, *, given: str, surname: str, ou: str = "") -> str:
        parent = f"ou={ou},{PEOPLE}" if ou else PEOPLE
        dn = f"uid={uid},{parent}"
        with self._admin() as conn:
            if ou:
                with contextlib.suppress(ldap3.core.exceptions.LDAPEntryAlreadyExistsResult):
                    conn.add(parent, "organizationalUnit", {"ou": ou})
            conn.add(
                dn,
                "inetOrgPerson",
                {
                    "uid": uid,
                    "cn": f"{given} {surname}",
                    "givenName": given,
                    "sn": surname,
                    "mail": f"{uid}@musterstadt.de",
                    "userPassword": password,
                },
            )
        return dn

    def add_group(self, cn: str, *members: str) -> str:
        dn = f"cn={cn},{GROUPS}"
        with self._admin() as conn:
            # groupOfNames needs one member; the admin stands in for an empty group
            conn.add(dn, "groupOfNames", {"cn": cn, "member": list(members) or [ADMIN]})
        return dn

    def set_members(self, group_dn: str, *members: str) -> None:
        with self._admin() as conn:
            conn.modify(group_dn, {"member": [(ldap3.MODIFY_REPLACE, list(members) or [ADMIN])]})

    def set_password(self, dn: str, password: str) -> None:
        with self._admin() as conn:
            conn.modify(dn, {"userPassword": [(ldap3.MODIFY_REPLACE, [password])]})


def start(tmp: Path):
    """Start slapd; returns (process, Directory)."""
    if not os.path.exists(SLAPD):
        if os.environ.get("CI"):
            pytest.fail("slapd is not installed (apt-get install slapd); CI is set")
        pytest.skip("slapd is not installed (apt-get install slapd)")
    (tmp / "data").mkdir()
    (tmp / "slapd.conf").write_text(
        CONFIG.format(folder=tmp, base=BASE, admin=ADMIN, password=ADMIN_PASSWORD)
    )
    url = f"ldap://127.0.0.1:{_free_port()}"
    process = subprocess.Popen(
        [SLAPD, "-d", "0", "-f", str(tmp / "slapd.conf"), "-h", f"{url}/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    directory = Directory(url)
    deadline = time.monotonic() + 20
    while True:
        try:
            with directory._admin() as conn:
                conn.add(BASE, ["dcObject", "organization"], {"dc": "musterstadt", "o": "Stadt"})
                conn.add(PEOPLE, "organizationalUnit", {"ou": "Personen"})
                conn.add(GROUPS, "organizationalUnit", {"ou": "Gruppen"})
            return process, directory
        except ldap3.core.exceptions.LDAPException:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "slapd did not start: " + process.stderr.read().decode(errors="replace")
                ) from None
            time.sleep(0.1)
