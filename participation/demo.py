"""Demo data of participation: two survey rounds, the integration conferences, two reporting
rounds (demo_rounds.py), publication.

The 1st Integrationskonferenz (15.06.2021, online, 62 participants) and the public event
"Integration im Dialog" follow the public facts in the shared reference; the answers of the
survey rounds are invented but typical of what Laatzen's actors report.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from concept.demo import actors_by_key
from concept.models import ActionField, Goal
from measures.models import Measure

from .demo_rounds import load_rounds
from .models import (
    Conference,
    ConferenceInvitation,
    ConferenceResult,
    ConferenceResultKind,
    Need,
    Offer,
    PublicationSettings,
    ResponseStatus,
    SurveyResponse,
    SurveyRound,
    Urgency,
)
from .services.conference import invitation_recipients

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")

# actor key -> {field number: (offers [(what, for whom, how often, reach)], needs [(what, for
# whom, urgency)])}
ANSWERS_2021 = {
    "vhs": {
        3: (
            [
                ("Integrationskurse mit Alphabetisierung", "Neuzugewanderte", "laufend", 180),
                ("Sprachförderung in Kitas", "Kinder von 3 bis 6 Jahren", "wöchentlich", 90),
            ],
            [
                ("Kurse mit Kinderbetreuung", "Mütter mit Kleinkindern", Urgency.HIGH),
                ("Berufsbezogene Sprachkurse am Abend", "Berufstätige", Urgency.MEDIUM),
            ],
        ),
        4: (
            [("Vorbereitung auf den Einbürgerungstest", "Erwachsene", "monatlich", 60)],
            [("Anerkennungsberatung vor Ort", "Zugewanderte Fachkräfte", Urgency.MEDIUM)],
        ),
    },
    "awo": {
        1: (
            [("Migrationsberatung für Erwachsene", "Zugewanderte ab 27 Jahren", "täglich", 320)],
            [
                (
                    "Patenschaften zwischen Alteingesessenen und Neuzugewanderten",
                    "Neuzugewanderte Familien",
                    Urgency.HIGH,
                )
            ],
        ),
        5: (
            [("Offener Treff im Stadtteil Laatzen-Mitte", "alle Generationen", "wöchentlich", 70)],
            [("Mehr Ehrenamtliche mit Sprachkenntnissen", "Beratungsangebote", Urgency.LOW)],
        ),
    },
    "network": {
        1: (
            [
                ("Fahrradwerkstatt in Oesselse und Rethen", "Geflüchtete", "wöchentlich", 45),
                ("Eins-zu-eins-Begleitung bei Behördengängen", "Geflüchtete", "nach Bedarf", 100),
            ],
            [("Ein zentraler Wegweiser für Neuzugewanderte", "Neuzugewanderte", Urgency.HIGH)],
        ),
    },
    "jobcenter": {
        4: (
            [("Integrationscoaching", "Leistungsberechtigte mit Fluchtgeschichte", "laufend", 150)],
            [("Kinderbetreuung während Maßnahmen", "Alleinerziehende", Urgency.HIGH)],
        ),
    },
    "school": {
        3: (
            [("Sprachlernklasse", "Seiteneinsteiger*innen", "täglich", 24)],
            [
                (
                    "Mehrsprachige Elternabende",
                    "Eltern mit geringen Deutschkenntnissen",
                    Urgency.MEDIUM,
                )
            ],
        ),
    },
}

ANSWERS_CURRENT = {
    "awo": {
        1: (
            [("Migrationsberatung für Erwachsene", "Zugewanderte ab 27 Jahren", "täglich", 350)],
            [("Beratung auch am Samstag", "Berufstätige", Urgency.MEDIUM)],
        ),
    },
    "caritas": {
        5: (
            [("Quartiersarbeit Laatzen-Mitte", "Bewohner*innen", "laufend", 200)],
            [("Räume für Migrant*innenorganisationen", "Vereine", Urgency.HIGH)],
        ),
    },
}


def _answers(survey_round, answers, actors, fields, status, submitted_at):
    created = 0
    for key, by_field in answers.items():
        for number, (offers, needs) in by_field.items():
            response, new = SurveyResponse.objects.get_or_create(
                survey_round=survey_round,
                actor=actors[key],
                action_field=fields[number],
                defaults={"status": status, "submitted_at": submitted_at},
            )
            if not new:
                continue
            created += 1
            for what, target, frequency, reach in offers:
                Offer.objects.create(
                    response=response,
                    what=what,
                    target_group=target,
                    frequency=frequency,
                    reach=reach,
                )
            for what, target, urgency in needs:
                Need.objects.create(
                    response=response, what=what, target_group=target, urgency=urgency
                )
    return created


def _surveys(actors, fields, log):
    past, new = SurveyRound.objects.get_or_create(
        title="Bestandsaufnahme und Bedarfsabfrage 2021",
        defaults={
            "description": (
                "Was haben wir schon? Was brauchen wir noch? Bitte nennen Sie je Handlungsfeld "
                "Ihre bestehenden Angebote und die Bedarfe, die Sie sehen."
            ),
            "starts_on": datetime.date(2021, 3, 1),
            "ends_on": datetime.date(2021, 4, 30),
        },
    )
    if new:
        past.action_fields.set(fields.values())
        past.invited_actors.set(actors.values())
    submitted = datetime.datetime(2021, 4, 20, 10, 0, tzinfo=BERLIN)
    count = _answers(past, ANSWERS_2021, actors, fields, ResponseStatus.SUBMITTED, submitted)
    # The measures demo has a draft that came out of this survey: keep the link.
    need = Need.objects.filter(
        response__survey_round=past, what__startswith="Patenschaften", measure__isnull=True
    ).first()
    measure = Measure.objects.filter(title__startswith="Patenschaften").first()
    if need and measure and not hasattr(measure, "source_need"):
        need.measure = measure
        need.save()

    today = timezone.localdate()
    current, new = SurveyRound.objects.get_or_create(
        title=f"Bedarfsabfrage {today.year}",
        defaults={
            "description": "Zwischenstand vor der Fortschreibung: was hat sich seit 2021 geändert?",
            "starts_on": today - datetime.timedelta(14),
            "ends_on": today + datetime.timedelta(21),
        },
    )
    if new:
        current.action_fields.set([fields[1], fields[3], fields[5]])
        current.invited_actors.set([actors[k] for k in ("vhs", "awo", "caritas", "network")])
    count += _answers(
        current,
        {"awo": ANSWERS_CURRENT["awo"]},
        actors,
        fields,
        ResponseStatus.SUBMITTED,
        timezone.now(),
    )
    count += _answers(
        current, {"caritas": ANSWERS_CURRENT["caritas"]}, actors, fields, ResponseStatus.DRAFT, None
    )
    log(f"Abfragerunden: {SurveyRound.objects.count()}, Antworten: {count} neu.")


FIRST_AGENDA = "\n".join(
    [
        "Begrüßung",
        "Sachstandsbericht der Koordinatorin für Integration und Teilhabe",
        "Ergebnisse der Situationsanalyse",
        "Vorstellung des Projekts „Konfliktprävention durch kulturelle Vielfalt“ (Netzwerk, "
        "gefördert aus dem Niedersächsischen Integrationsfonds)",
        "Austausch und Ausblick",
    ]
)

FIRST_MINUTES = (
    "Die 1. Integrationskonferenz fand wegen der Pandemie online statt (höchstens zwei "
    "Stunden); 62 Personen nahmen teil.\n\n"
    "Die Koordinatorin berichtete über den Stand des Handlungskonzepts und die Ergebnisse der "
    "Situationsanalyse. Das Netzwerk stellte sein Projekt „Konfliktprävention durch kulturelle "
    "Vielfalt“ vor.\n\n"
    "Die Konferenz ist der Auftakt für einen zukünftig regelmäßigen, jährlich stattfindenden "
    "offenen Austausch."
)


def _conferences(actors, log):
    first, new = Conference.objects.get_or_create(
        title="1. Integrationskonferenz",
        defaults={
            "starts_at": datetime.datetime(2021, 6, 15, 17, 0, tzinfo=BERLIN),
            "ends_at": datetime.datetime(2021, 6, 15, 19, 0, tzinfo=BERLIN),
            "place": "online (Videokonferenz; Zugangsdaten mit der Einladung)",
            "agenda": FIRST_AGENDA,
            "participant_count": 62,
            "minutes": FIRST_MINUTES,
            "invitation_sent_at": datetime.datetime(2021, 5, 25, 9, 0, tzinfo=BERLIN),
        },
    )
    if new:
        first.invited_actors.set(actors.values())
        # Who the invitation reached then (no mail now): a later sending finds no newcomers.
        bulk_create_with_history(
            [
                ConferenceInvitation(
                    conference=first, recipient=r, sent_at=first.invitation_sent_at
                )
                for r in invitation_recipients(first)
            ],
            ConferenceInvitation,
            default_date=first.invitation_sent_at,
            default_change_reason="Einladung verschickt",
        )
        first.attended_actors.set(
            [actors[k] for k in ("coordination", "vhs", "awo", "caritas", "network", "jobcenter")]
        )
        networking = Measure.objects.filter(action_field__number=7).order_by("number").first()
        result = ConferenceResult.objects.create(
            conference=first,
            kind=ConferenceResultKind.AGREEMENT,
            text=(
                "Die Integrationskonferenz findet künftig einmal im Jahr als offener "
                "Austausch statt."
            ),
        )
        if networking:
            result.measures.set([networking])
        language = ConferenceResult.objects.create(
            conference=first,
            kind=ConferenceResultKind.RESULT,
            text="Sprachkurse mit Kinderbetreuung werden als dringendster Bedarf gesehen.",
        )
        language.goals.set(Goal.objects.filter(action_field__number=3)[:1])
    second, new = Conference.objects.get_or_create(
        title="Integration im Dialog",
        defaults={
            "starts_at": datetime.datetime(2022, 6, 14, 18, 0, tzinfo=BERLIN),
            "place": "Forum der Albert-Einstein-Schule, Laatzen",
            "agenda": "Begrüßung durch den Bürgermeister\nSachstand des Handlungskonzepts für "
            "Integration und Teilhabe\nWorkshop: Handlungsschwerpunkte und Maßnahmen priorisieren",
            "participant_count": 54,
        },
    )
    year = timezone.localdate().year + 1
    Conference.objects.get_or_create(
        title=f"Integrationskonferenz {year}",
        defaults={
            "starts_at": datetime.datetime(year, 6, 16, 17, 0, tzinfo=BERLIN),
            "ends_at": datetime.datetime(year, 6, 16, 19, 0, tzinfo=BERLIN),
            "place": "Rathaus Laatzen, Sitzungsraum 503",
            "agenda": "Begrüßung\nSachstand der Maßnahmen\nErgebnisse der Evaluierung\nAustausch",
        },
    )
    log(f"Integrationskonferenzen: {Conference.objects.count()}.")


@transaction.atomic
def load(*, log) -> None:
    actors = actors_by_key()
    fields = {f.number: f for f in ActionField.objects.all()}
    _surveys(actors, fields, log)
    _conferences(actors, log)
    load_rounds(log=log)
    settings, new = PublicationSettings.objects.get_or_create(
        pk=1,
        defaults={
            "is_published": True,
            "published_at": timezone.now(),
            "intro": (
                "Die Stadt Laatzen setzt ihr Handlungskonzept Integration mit vielen Akteuren um. "
                "Hier sehen Sie alle Maßnahmen mit Frist, federführendem Akteur und Stand."
            ),
        },
    )
    log("Transparenzseite: veröffentlicht." if settings.is_published else "Transparenzseite: aus.")
