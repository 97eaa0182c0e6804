"""Permission matrix entries of the measures app (see tests/permission_matrix.py)."""

from tests.permission_matrix import LOGIN, Route

READ_ALL = {
    "anonymous": LOGIN,
    "coordinator": 200,
    "actor": 200,
    "other_actor": 200,
    "council": 200,
}

ROUTES = [
    Route("home", READ_ALL),
    Route("measures:list", READ_ALL),
    Route("measures:detail", READ_ALL, kwargs=lambda w: {"pk": w.own_measure.pk}),
]
