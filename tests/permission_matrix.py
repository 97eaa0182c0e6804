"""The permission matrix: every URL of the project × every role → expected status.

Each app lists its routes in ``<app>/tests/url_permissions.py`` as ``ROUTES = [Route(...)]``
and may add objects to the shared test world with ``def extend_world(world): ...``.
``tests/test_permission_matrix.py`` checks that every named URL pattern of the URLconf has a
route (so a new URL without an entry fails) and requests each route as each role.

Roles: ``anonymous``; ``coordinator``; ``actor`` = member of ``world.own_actor``, which leads
``world.own_measure``; ``other_actor`` = member of ``world.other_actor``, which leads
``world.other_measure``; ``council`` = council reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from types import SimpleNamespace

ROLES = ("anonymous", "coordinator", "actor", "other_actor", "council")

# Views answer anonymous users with a redirect to the login page.
LOGIN = 302


@dataclass(frozen=True)
class Route:
    """One URL pattern, how to fill it, and the status each role must get."""

    name: str
    expect: dict[str, int]
    kwargs: Callable[[SimpleNamespace], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] = field(default=lambda world: {})
    label: str = ""
    query: str = ""

    def __post_init__(self):
        missing = set(ROLES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expected status for {sorted(missing)}")

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}:{self.method}"


def build_world() -> SimpleNamespace:
    """The standard objects every app's routes can refer to."""
    from concept import roles
    from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
    from measures.tests.factories import MeasureFactory, StatusUpdateFactory

    world = SimpleNamespace()
    world.own_actor = ActorFactory(name="Eigener Akteur")
    world.other_actor = ActorFactory(name="Anderer Akteur")
    world.users = {
        "anonymous": None,
        "coordinator": UserFactory(
            username="m-koordination", role=roles.COORDINATOR, is_staff=True
        ),
        "actor": MembershipFactory(actor=world.own_actor, user__username="m-akteur").user,
        "other_actor": MembershipFactory(
            actor=world.other_actor, user__username="m-akteur-anders"
        ).user,
        "council": UserFactory(username="m-rat", role=roles.COUNCIL),
    }
    world.own_measure = MeasureFactory(lead_actor=world.own_actor, number="1.1")
    world.other_measure = MeasureFactory(lead_actor=world.other_actor, number="1.2")
    world.own_update = StatusUpdateFactory(measure=world.own_measure, author=world.users["actor"])
    return world


def app_modules():
    """Each app's ``tests/url_permissions.py``, and the project's own (e.g. /healthz)."""
    from django.apps import apps
    from django.conf import settings

    ours = [c for c in apps.get_app_configs() if Path(c.path).parent == settings.BASE_DIR]
    # (an app without a tests package, e.g. core, has no routes of its own)
    names = [f"{c.name}.tests.url_permissions" for c in ours if find_spec(f"{c.name}.tests")]
    names.append("tests.url_permissions")
    for name in names:
        if find_spec(name.rpartition(".")[0]) and find_spec(name):
            yield import_module(name)


def all_routes() -> list[Route]:
    return [route for module in app_modules() for route in getattr(module, "ROUTES", [])]


def build_full_world() -> SimpleNamespace:
    """The standard objects plus what every app's ``extend_world`` adds."""
    world = build_world()
    for module in app_modules():
        extend = getattr(module, "extend_world", None)
        if extend:
            extend(world)
    return world
