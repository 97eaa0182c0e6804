import datetime
from decimal import Decimal

import factory

from concept.tests.factories import ActorFactory, action_field
from measures.models import Measure, MeasureStatus, StatusUpdate


class MeasureFactory(factory.django.DjangoModelFactory):
    """A complete, SMART measure unless told otherwise."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"9.{n + 1}")
    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    description = "Sprachkurs mit Kinderbetreuung, zweimal wöchentlich."
    action_field = factory.LazyFunction(action_field)
    target_group = "Mütter mit Kleinkindern"
    lead_actor = factory.SubFactory(ActorFactory)
    start_date = datetime.date(2026, 1, 1)
    deadline = datetime.date(2027, 12, 31)
    status = MeasureStatus.IN_PROGRESS
    progress = 40
    indicator = "Teilnehmerinnen mit Abschluss B1"
    indicator_unit = "Personen"
    indicator_baseline = Decimal("0")
    indicator_target = Decimal("50")
    staff_hours_per_year = Decimal("200")
    budget_amount = Decimal("12500.00")
    funding_source = "städtischer Haushalt"


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    measure = factory.SubFactory(MeasureFactory)
    status = MeasureStatus.IN_PROGRESS
    progress = 50
    text = "Läuft."
