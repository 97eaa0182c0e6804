"""get_status_display(): our faster version gives what Django's gives."""

import pytest
from django.db.models import Model

from measures.models import Measure, MeasureStatus, StatusUpdate

from .factories import MeasureFactory


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*MeasureStatus.values, "unbekannt"])
def test_status_display_equals_djangos(value):
    measure = MeasureFactory.build(status=value)
    expected = Model._get_FIELD_display(measure, Measure._meta.get_field("status"))
    assert measure.get_status_display() == expected
    assert isinstance(measure.get_status_display(), str)


def test_status_update_display_too():
    update = StatusUpdate(status=MeasureStatus.DELAYED)
    assert update.get_status_display() == "verzögert"
