"""Demo data of the council layer: the reference notice 2018/222/1, a frozen first edition of
the demo concept and a Beschlussvorlage that adopts it (both with their PDF rendered).

Idempotent: papers are found by number or title, the edition by its number.
"""

# ruff: noqa: E501  (the reference notice is quoted with its long paragraphs)

import datetime

from django.utils import timezone

from concept.models import User

from .models import ConsultationRole, CouncilPaper, PaperKind, PaperStatus, Revision
from .services import (
    next_paper_number,
    paper_record_decision,
    paper_render_and_store,
    paper_save,
    paper_submit,
    revision_create,
    revision_freeze,
)

COMMITTEE = "Ausschuss für Gesellschaft, Soziales, Kultur und Sport"

NOTICE_BODY = """\
Mit Beschluss des Rates vom Oktober 2018 wurde die Verwaltung gebeten, auf der Basis der Ergebnisse der Projektgruppe „Integrationskonzept“ (siehe Dr.-Nr.: 2018/128) ein Handlungskonzept zur Weiterentwicklung der Integration in Laatzen zu erstellen und zur Beschlussfassung vorzulegen.

Folgende Punkte sollten dabei gemäß des Antrags Berücksichtigung finden:

- Einbeziehung aller Akteurinnen und Akteure
- Mehrjährige Laufzeit des Handlungskonzepts
- Beinhalten folgender Fragestellungen:
 - Welche Maßnahmen sollen umgesetzt werden?
 - Wann (bis wann) sollen die Maßnahmen umgesetzt werden?
 - Welcher Akteur übernimmt federführend die Verantwortung für die Umsetzung der Maßnahme?
 - Welche personellen und finanziellen Ressourcen werden zur Umsetzung der Maßnahmen benötigt?
 - Wie wird das Handlungskonzept überprüft und fortgeschrieben?

Angesichts der Komplexität und Vielschichtigkeit der Thematik, wurde bei den Überlegungen zur Umsetzung schnell deutlich, dass die umfassende Berücksichtigung der vorgenannten Voraussetzungen eine erhebliche Herausforderung darstellt, da das Konzept gleichzeitig noch händelbar bleiben muss und vor allem die Erfolge oder Misserfolge der Maßnahmen „messbar“ sein sollen.

Um überzogene Erwartungen und letztlich nicht realisierbare Ziele zu vermeiden, sollte sich das Konzept auf Ziele und Maßnahmen beschränken, die mit den vorhandenen Ressourcen auf der kommunalen Ebene gesteuert und beeinflusst werden können.

Nachdem zum 01.01.2020 die neu eingerichtete Stelle der Koordinatorin für Integration und Teilhabe besetzt werden konnte, wurde die Stelleninhaberin mit der Federführung für diese Maßnahme beauftragt.

Ausgehend von den festgelegten sieben Handlungsfeldern

- Willkommenskultur
- Wohnen und Leben
- Bildung und Sprache
- Wirtschaft und Arbeit
- Teilhabe
- Interkulturelle Öffnung
- Vernetzung

wurde seither in einem ersten Schritt eine Bestandsaufnahme („was haben wir schon?“) und Bedarfsabfrage („was brauchen wir noch?“) bei den externen Akteuren durchgeführt. Derzeit findet dieser Prozess auch mit den Teams der Stadtverwaltung statt. Bis Ende 2020 soll dies abgeschlossen und ausgewertet sein.

Damit messbar wird, ob die Maßnahmen des Handlungskonzepts im Hinblick auf eine bessere Integration und Teilhabe von zugewanderten Menschen als erfolgreich oder nicht erfolgreich bewertet werden können, sollen diese Maßnahmen im Konzept als „SMARTe Ziele“ formuliert sein:

Maßnahmen /Ziele müssen ...
- S – Spezifisch: ... eindeutig definiert sein
- M – Messbar: ... messbar sein
- A – Aktivierend: ... erstrebenswert, ansprechend und einem bestimmten Verantwortlichen zuweisbar sein
- R – Realistisch: ... möglich und realisierbar sein
- T – Terminiert: ... mit einem eindeutigen Datum terminiert /festgelegt sein

Das daraus entwickelte „Handlungskonzept Integration“ in Laatzen soll den politischen Gremien in der ersten Jahreshälfte 2021 zur Beschlussfassung vorgelegt werden.

Alle zwei Jahre sollen die Maßnahmen/Ziele auf der Grundlage einer vorher definierten Bewertungsmatrix evaluiert werden. Auf der Basis dieser Evaluierung soll das Handlungskonzept alle zwei Jahre fortgeschrieben werden.

Ergänzend hierzu ist im Rahmen einer sog. Integrationskonferenz ein regelmäßiger, jährlicher offener Austausch mit allen Akteuren aus Gesellschaft, Politik und Verwaltung vorgesehen.

Weitere inhaltliche Ausführungen hierzu erfolgen in der Ausschusssitzung im Rahmen einer Präsentation."""

RESOLUTION_TITLE = "Handlungskonzept Integration und Teilhabe – Beschluss der Erstfassung"
RESOLUTION_BODY = """\
Der Rat hat die Verwaltung im Oktober 2018 gebeten, ein Handlungskonzept zur Weiterentwicklung der Integration vorzulegen (Dr.-Nr. 2018/222, Sachstand Dr.-Nr. 2018/222/1).

Das Konzept liegt nun als Erstfassung vor. Es beantwortet für jede Maßnahme die Fragen des Ratsauftrags:

- Welche Maßnahmen sollen umgesetzt werden?
- Bis wann werden sie umgesetzt?
- Welcher Akteur übernimmt federführend die Verantwortung?
- Welche personellen und finanziellen Ressourcen werden benötigt?

Die Maßnahmen sind nach den sieben Handlungsfeldern geordnet und als Anlage beigefügt. Alle zwei Jahre werden sie anhand der Bewertungsmatrix evaluiert und das Konzept wird fortgeschrieben."""


def _coordinator():
    return User.objects.filter(username="koordination").first()


def load(*, log) -> None:
    user = _coordinator()
    _load_notice(user, log)
    revision = _load_revision(user, log)
    _load_resolution(user, revision, log)
    _load_status_report(user, log)


def _load_status_report(user, log):
    """A draft Mitteilung with the Sachstandsbericht of the demo's closed reporting round."""
    from participation.models import ReportingRound

    reporting_round = ReportingRound.objects.closed().order_by("-closed_at").first()
    if (
        reporting_round is None
        or CouncilPaper.objects.filter(reporting_round=reporting_round).exists()
    ):
        return
    today = timezone.localdate()
    paper = CouncilPaper(
        number=f"{today.year}/901",
        kind=PaperKind.NOTICE,
        is_public=True,
        date=today,
        title="Handlungskonzept Integration: Sachstand der Maßnahmen",
        subtitles="- Sachstandsbericht aus der Berichtsrunde -",
        body=(
            "Die Verwaltung hat bei allen federführenden Akteuren den Sachstand der Maßnahmen "
            "abgefragt. Das Ergebnis ist als Anlage beigefügt."
        ),
        under_direction_of="Koordination Integration und Teilhabe",
        reporting_round=reporting_round,
    )
    paper_save(
        paper=paper,
        user=user,
        consultations=[
            {
                "body_name": COMMITTEE,
                "meeting_date": today + datetime.timedelta(days=30),
                "agenda_item": "",
                "role": ConsultationRole.NOTICE,
            }
        ],
    )
    log(f"Drucksache {paper.number} (Entwurf mit Sachstandsbericht) angelegt.")


def _load_notice(user, log):
    if CouncilPaper.objects.filter(number="2018/222/1").exists():
        log("Drucksache 2018/222/1 ist schon vorhanden.")
        return
    paper = CouncilPaper(
        number="2018/222/1",
        kind=PaperKind.NOTICE,
        is_public=True,
        date=datetime.date(2020, 10, 29),
        title="Handlungskonzept zur Weiterentwicklung der Integration in Laatzen",
        subtitles=(
            "- Antrag der Gruppe SPD-Grüne-Linke-Faull-Scheibe im Rat -\n"
            "- Sachstandsbericht zur grundsätzlichen Ausrichtung und Ausblick "
            "auf die nächsten Schritte -"
        ),
        body=NOTICE_BODY,
        under_direction_of="Koordination Integration und Teilhabe",
        prepared_by="SV Team",
        dictation_mark="50 TMK",
        signature_intro="Im Auftrag",
        signatory="Thomas Schrader",
    )
    paper = paper_save(
        paper=paper,
        user=user,
        consultations=[
            {
                "body_name": COMMITTEE,
                "meeting_date": datetime.date(2020, 10, 29),
                "agenda_item": "",
                "role": ConsultationRole.NOTICE,
            }
        ],
    )
    _render_submit_decide(paper, user, datetime.date(2020, 10, 29))
    log("Drucksache 2018/222/1 (Mitteilung) angelegt, PDF erzeugt.")


def _latest_closed_cycle_id() -> int | None:
    """The evaluation demo's closed cycle, whose results the first edition carries."""
    try:
        from evaluation.models import EvaluationCycle
    except ImportError:
        return None
    cycle = EvaluationCycle.objects.filter(closed_at__isnull=False).order_by("-period_end")
    return cycle.values_list("pk", flat=True).first()


def _load_revision(user, log) -> Revision:
    revision = Revision.objects.filter(number=0).first()
    if revision is None:
        year = timezone.localdate().year
        revision = revision_create(
            user=user,
            number=0,
            title="Handlungskonzept Integration und Teilhabe",
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year + 1, 12, 31),
            notes="Erstfassung mit den Maßnahmen aus Bestandsaufnahme und Bedarfsabfrage.",
            evaluation_cycle_id=_latest_closed_cycle_id(),
        )
        log("Fassung „Erstfassung“ angelegt.")
    if not revision.is_frozen:
        revision = revision_freeze(revision=revision, user=user)
        log("Erstfassung eingefroren.")
    return revision


def _load_resolution(user, revision, log):
    if CouncilPaper.objects.filter(title=RESOLUTION_TITLE).exists():
        log("Beschlussvorlage zur Erstfassung ist schon vorhanden.")
        return
    today = timezone.localdate()
    paper = CouncilPaper(
        number=next_paper_number(today.year),
        kind=PaperKind.RESOLUTION,
        is_public=True,
        date=today - datetime.timedelta(days=21),
        title=RESOLUTION_TITLE,
        subtitles="- Fortschreibung gemäß Ratsbeschluss 2018/222 -",
        body=RESOLUTION_BODY,
        proposed_resolution=(
            "Der Rat beschließt das Handlungskonzept Integration und Teilhabe in der als "
            "Anlage beigefügten Erstfassung."
        ),
        under_direction_of="Koordination Integration und Teilhabe",
        prepared_by="Koordination Integration und Teilhabe",
        co_signatures="Team Soziales",
        dictation_mark="50 KIT",
        signature_intro="Im Auftrag",
        signatory="Karla Koordinatorin",
        revision=revision,
    )
    meetings = [
        (COMMITTEE, 14, "5", ConsultationRole.PRELIMINARY),
        ("Verwaltungsausschuss", 7, "3", ConsultationRole.PRELIMINARY),
        ("Rat", 0, "8", ConsultationRole.DECISION),
    ]
    paper = paper_save(
        paper=paper,
        user=user,
        consultations=[
            {
                "body_name": body,
                "meeting_date": today - datetime.timedelta(days=days_before),
                "agenda_item": top,
                "role": role,
            }
            for body, days_before, top, role in meetings
        ],
    )
    _render_submit_decide(paper, user, today)
    log(f"Beschlussvorlage {paper.number} angelegt; die Erstfassung ist damit beschlossen.")


def _render_submit_decide(paper, user, decided_on):
    paper_render_and_store(paper_id=paper.pk)
    paper.refresh_from_db()
    if paper.status == PaperStatus.DRAFT:
        paper = paper_submit(paper=paper, user=user)
    paper_record_decision(paper=paper, user=user, decided_on=decided_on)
