"""Role × URL × object → expected status, for every URL pattern of the project."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_matrix import ROLES, all_routes

# URL namespaces that are not ours: Django's admin and auth views are tested by Django.
FOREIGN_PREFIXES = ("admin:", "login", "logout", "password_")


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            yield from _url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_has_a_permission_entry():
    covered = {route.name for route in all_routes()}
    ours = {n for n in _url_names() if not n.startswith(FOREIGN_PREFIXES)}
    assert ours - covered == set(), "URLs without an entry in <app>/tests/url_permissions.py"


CASES = [(route, role) for route in all_routes() for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r.id}-{role}" for r, role in CASES])
def test_role_gets_expected_status(client, world, route, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    response = getattr(client, route.method)(url, data=route.data(world))
    assert response.status_code == route.expect[role], (
        f"{role} {route.method.upper()} {url}: {response.status_code}, "
        f"expected {route.expect[role]}"
    )
