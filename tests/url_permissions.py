"""Permission-matrix entries for project-level URLs (laatzen_integration.urls)."""

from tests.permission_matrix import Route

ROUTES = [
    # For load balancers: no login, no data beyond component names and ok/fail.
    Route(
        "healthz",
        expect={
            "anonymous": 200,
            "coordinator": 200,
            "actor": 200,
            "other_actor": 200,
            "council": 200,
        },
    ),
    Route(
        "healthz",
        method="post",
        expect={
            "anonymous": 405,
            "coordinator": 405,
            "actor": 405,
            "other_actor": 405,
            "council": 405,
        },
    ),
    # The accessibility statement: public, for everybody (linked from every footer).
    Route(
        "accessibility",
        expect={
            "anonymous": 200,
            "coordinator": 200,
            "actor": 200,
            "other_actor": 200,
            "council": 200,
        },
    ),
    # No page of its own: a password change ends on „Mein Konto“ (anonymous: via the login).
    Route(
        "password_change_done",
        expect={
            "anonymous": 302,
            "coordinator": 302,
            "actor": 302,
            "other_actor": 302,
            "council": 302,
        },
    ),
]
