"""The public app's routes in the permission matrix (``tests/permission_matrix.py``).

The page is published in the shared test world by participation's ``extend_world`` (the
publication switch is participation's)."""

from tests.permission_matrix import Route

PUBLIC = {"anonymous": 200, "coordinator": 200, "actor": 200, "other_actor": 200, "council": 200}

ROUTES = [
    Route("public:overview", PUBLIC),
]
