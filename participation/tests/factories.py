import datetime

import factory
from django.utils import timezone

from concept.tests.factories import ActorFactory, action_field
from participation.models import (
    Conference,
    ConferenceResult,
    Need,
    Offer,
    ResponseStatus,
    SurveyResponse,
    SurveyRound,
    Urgency,
)


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """An open round (today inside its period) asking about action field 1 by default."""

    class Meta:
        model = SurveyRound
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bestandsaufnahme {2026 + n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))

    @factory.post_generation
    def action_fields(self, create, extracted, **kwargs):
        if create:
            self.action_fields.set(extracted if extracted is not None else [action_field(1)])

    @factory.post_generation
    def invited_actors(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited_actors.set(extracted)


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    survey_round = factory.SubFactory(SurveyRoundFactory)
    actor = factory.SubFactory(ActorFactory)
    action_field = factory.LazyFunction(action_field)
    status = ResponseStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    response = factory.SubFactory(SurveyResponseFactory)
    what = factory.Sequence(lambda n: f"Sprachcafé Nr. {n}")
    target_group = "Neuzugewanderte"
    frequency = "wöchentlich"
    reach = 40


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    response = factory.SubFactory(SurveyResponseFactory)
    what = factory.Sequence(lambda n: f"Mehrsprachige Elternberatung {n}")
    target_group = "Eltern mit Kindern in der Kita"
    urgency = Urgency.HIGH


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"{n + 1}. Integrationskonferenz")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=60))
    place = "Rathaus Laatzen, Sitzungsraum 503"
    agenda = "Begrüßung\nSachstand des Handlungskonzepts\nAustausch"


class ConferenceResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConferenceResult

    conference = factory.SubFactory(ConferenceFactory)
    text = "Ein runder Tisch Sprache trifft sich vierteljährlich."
