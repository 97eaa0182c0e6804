"""CSRF protection is on for every state-changing route of the project."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.permission_matrix import all_routes

# POST routes that accept a POST at all (405 = the URL answers GET only, e.g. /healthz).
POST_ROUTES = [
    route for route in all_routes() if route.method == "post" and route.expect["coordinator"] != 405
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", POST_ROUTES, ids=[r.id for r in POST_ROUTES])
def test_post_without_csrf_token_is_refused(world, route):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    response = client.post(url, data=route.data(world))
    assert response.status_code == 403


def test_login_form_refuses_a_post_without_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
