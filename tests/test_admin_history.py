"""The admin's history never bypasses the rules (core/history_admin.py)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.history_admin import GuardedHistoryAdmin
from measures.tests.factories import MeasureFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_every_admin_of_a_model_with_history_guards_its_reverts():
    unguarded = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if hasattr(model, "history")
        and hasattr(model.history, "model")
        and not isinstance(model_admin, GuardedHistoryAdmin)
    ]
    assert unguarded == []


def test_a_sachstand_cannot_be_changed_or_reverted_in_the_admin(client, coordinator):
    update = StatusUpdateFactory(measure=MeasureFactory(), text="gemeldet")
    record = update.history.earliest()
    update.text = "nachträglich"
    update.save()
    client.force_login(coordinator)
    change = reverse("admin:measures_statusupdate_change", args=[update.pk])
    assert client.post(change, {"text": "anders"}).status_code == 403
    revert = reverse(
        "admin:measures_statusupdate_simple_history", args=[update.pk, record.history_id]
    )
    assert client.post(revert, {"text": "gemeldet"}).status_code == 403
    update.refresh_from_db()
    assert update.text == "nachträglich"
    assert client.get(reverse("admin:measures_statusupdate_add")).status_code == 403
