"""Demo data of the measures layer: goals, ~40 measures and their status reports.

The measures come from ``demo_data/measures.csv`` (realistic, invented); five drafts that
deliberately miss SMART letters are added so the product has something to point at.
Everything is written through measures/services.py, as the app writes it: the coordinator
creates the measures, the lead actors' members report; so every history entry has an author
and ``Measure.version`` counts the history entries.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from concept.demo import actors_by_key
from concept.models import ActionField, Goal, User

from .models import HistoricalMeasure, HistoricalStatusUpdate, Measure, MeasureStatus, StatusUpdate
from .services import measure_create, measure_report_status

CSV_PATH = Path(__file__).parent / "demo_data" / "measures.csv"

# CSV lead/partner names -> demo actor keys (concept/demo.py)
ACTOR_KEYS = {
    "Stadt – Koordination Integration und Teilhabe": "coordination",
    "Stadt – Team Soziales": "social",
    "Stadt – Bürgerbüro": "citizens_office",
    "Stadt – Presse- und Öffentlichkeitsarbeit": "press",
    "Stadt – Team Kindertagesstätten": "daycare",
    "Stadt – Team Personal": "staff",
    "Stadt – Team Organisation und Digitalisierung": "staff",
    "Stadt – Wirtschaftsförderung": "economy",
    "Stadt – Ratsangelegenheiten": "coordination",
    "Stadt – Team Kultur": "culture",
    "Stadtbibliothek": "culture",
    "VHS": "vhs",
    "AWO": "awo",
    "Caritas": "caritas",
    "Diakonie": "diakonie",
    "Jobcenter Region Hannover": "jobcenter",
    "Jugendmigrationsdienst": "jmd",
    "Schulen (Sekundarstufe I)": "school",
    "Schulen": "school",
    "Sportvereine": "sports",
    "Ehrenamtliches Netzwerk für Flüchtlinge": "network",
    "Migrantenorganisationen": "migrant_org",
    "Region Hannover – Fachbereich Gesundheit": "health",
    "IQ Netzwerk Niedersachsen – Anerkennungsberatung": "recognition",
}

STATUS_BY_LABEL = {str(s.label): s for s in MeasureStatus}

REASON = "Demodaten"

# Drafts that are deliberately not SMART: (field, title, what is left out)
DRAFTS = [
    (1, "Patenschaften zwischen Alteingesessenen und Neuzugewanderten", "indicator"),
    (2, "Interkulturelle Nachbarschaftsfeste in allen Stadtteilen", "lead_actor"),
    (3, "Mehrsprachige Elternabende an Grundschulen", "deadline"),
    (5, "Integrationsbeirat vorbereiten", "resources"),
    (6, "Mehrsprachige Online-Terminvergabe", "description"),
]


def _date(text: str) -> datetime.date:
    return datetime.datetime.strptime(text, "%d.%m.%Y").date()


def budget_years(start: datetime.date, end: datetime.date) -> str:
    """ "2024" for one year, "2024–2026" for several."""
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _progress(status: str, start: datetime.date, end: datetime.date, today) -> int:
    """As far along as the time that has passed (delayed ones less), in steps of 5 %."""
    if status == MeasureStatus.COMPLETED:
        return 100
    if status == MeasureStatus.PLANNED or today <= start:
        return 0
    elapsed = (today - start).days / max((end - start).days, 1)
    if status == MeasureStatus.DELAYED:
        elapsed *= 0.6
    return min(95, max(5, round(elapsed * 20) * 5))


def _measure_values(row, field, goal, actors, today) -> dict:
    lead = actors.get(ACTOR_KEYS.get(row["lead_actor"], ""))
    status = STATUS_BY_LABEL[row["status"]]
    baseline, target = Decimal(row["baseline"]), Decimal(row["target"])
    start = _date(row["start"])
    progress = _progress(status, start, _date(row["deadline"]), today)
    current = baseline + (target - baseline) * Decimal(progress) / 100
    return {
        "title": row["title"],
        "description": row["description"],
        "action_field": field,
        "goal": goal,
        "target_group": row["target_group"],
        "lead_actor": lead,
        "start_date": start,
        "deadline": _date(row["deadline"]),
        "status": status,
        "progress": progress,
        "indicator": row["indicator"],
        "indicator_unit": row["unit"],
        "indicator_baseline": baseline,
        "indicator_target": target,
        "indicator_current": current.quantize(Decimal("0.01")) if progress else None,
        "staff_hours_per_year": Decimal(row["staff_hours_per_year"]),
        "staff_actor": lead,
        "budget_amount": Decimal(row["budget_eur"]),
        "funding_source": row["funding_source"],
        "budget_years": budget_years(start, _date(row["deadline"])),
    }


def _partners(row, actors, lead):
    keys = {ACTOR_KEYS.get(p.strip()) for p in row["partners"].split(";")}
    return [actors[k] for k in sorted(k for k in keys if k) if k in actors and actors[k] != lead]


def _reports(measure, final, author, today) -> None:
    """The Sachstände that led to the measure's state, in order: the start, the middle, the
    latest (for a finished measure: its end). Each is dated inside the measure's run."""
    status, progress, value = final
    if not _reported({"status": status, "start_date": measure.start_date}, today):
        return
    start = measure.start_date
    end = min(measure.deadline, today - datetime.timedelta(days=14))
    end = min(max(end, start + datetime.timedelta(days=1)), today)
    steps = [
        (start + datetime.timedelta(days=30), progress * 3 // 10, START_TEXT),
        (start + (end - start) / 2, progress * 6 // 10, MIDDLE_TEXT),
    ]
    earlier = sorted(step for step in steps if start < step[0] < end)
    if len(earlier) == 2 and earlier[0][1] > earlier[1][1]:
        earlier = earlier[1:]  # a short run: the middle comes before day 30
    for day, step_progress, text in earlier:
        _report_on(
            day,
            measure,
            user=author,
            status=MeasureStatus.IN_PROGRESS,
            progress=step_progress,
            text=text,
        )
    _report_on(
        end,
        measure,
        user=author,
        status=status,
        progress=progress,
        indicator_value=value,
        text=LAST_REPORT[status],
    )


def _reported(measure, today) -> bool:
    """Whether ``_reports`` records Sachstände for this measure (then it starts out planned)."""
    return measure["status"] != MeasureStatus.PLANNED and measure["start_date"] < today


def _report_on(day: datetime.date, measure, **report) -> None:
    """A Sachstand as if reported on ``day``: also its history entries carry that day (demo
    data only; the app never rewrites history)."""
    update = measure_report_status(measure=measure, reported_on=day, **report)
    _backdate(measure, update, day)


def _backdate(measure, update, day: datetime.date) -> None:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    newest = HistoricalMeasure.objects.filter(id=measure.pk).order_by("-history_id")[:1]
    HistoricalMeasure.objects.filter(history_id__in=newest).update(history_date=when)
    Measure.objects.filter(pk=measure.pk).update(updated_at=when)
    if update is not None:
        StatusUpdate.objects.filter(pk=update.pk).update(created_at=when)
        HistoricalStatusUpdate.objects.filter(id=update.pk).update(history_date=when)


START_TEXT = "Start wie geplant; erste Termine stehen fest."
MIDDLE_TEXT = "Die Umsetzung läuft; Rückmeldungen sind positiv."
LAST_REPORT = {
    MeasureStatus.IN_PROGRESS: "Läuft nach Plan; nächste Schritte sind abgestimmt.",
    MeasureStatus.DELAYED: "Verzögert: Personal fehlte zeitweise; Nachholtermine sind geplant.",
    MeasureStatus.COMPLETED: "Abgeschlossen; das Ergebnis ist dokumentiert.",
    MeasureStatus.CANCELLED: "Abgebrochen: die Finanzierung ist entfallen.",
}


@transaction.atomic
def load(*, log) -> None:
    actors = actors_by_key()
    fields = {f.number: f for f in ActionField.objects.all()}
    coordinator = User.objects.filter(username="koordination").first()
    members = {}
    for actor in actors.values():
        members[actor.pk] = actor.members.order_by("pk").first()
    today = datetime.date.today()

    rows = list(csv.DictReader(CSV_PATH.open(encoding="utf-8")))
    goal_order: dict[int, list[str]] = {}
    created = 0
    per_field: dict[int, int] = {}
    for row in rows:
        number = int(row["action_field_number"])
        field = fields[number]
        titles = goal_order.setdefault(number, [])
        if row["goal"] not in titles:
            titles.append(row["goal"])
        goal, _ = Goal.objects.get_or_create(
            action_field=field, title=row["goal"], defaults={"order": len(titles)}
        )
        per_field[number] = per_field.get(number, 0) + 1
        values = _measure_values(row, field, goal, actors, today)
        values["number"] = f"{number}.{per_field[number]}"
        if Measure.objects.filter(number=values["number"]).exists():
            continue
        final = (values["status"], values["progress"], values["indicator_current"])
        if _reported(values, today):  # the Sachstände below bring it to its state
            values.update(status=MeasureStatus.PLANNED, progress=0, indicator_current=None)
        measure = measure_create(
            user=coordinator,
            values=values,
            partners=_partners(row, actors, values["lead_actor"]),
            reason=REASON,
        )
        # planned a few weeks before it starts (or, if it starts later, today)
        _backdate(measure, None, min(values["start_date"] - datetime.timedelta(days=42), today))
        created += 1
        author = members.get(measure.lead_actor_id) or coordinator
        _reports(measure, final, author, today)

    for number, title, left_out in DRAFTS:
        per_field[number] = per_field.get(number, 0) + 1
        values = {
            "title": title,
            "description": f"Entwurf aus der Bedarfsabfrage: {title}.",
            "action_field": fields[number],
            "goal": Goal.objects.filter(action_field=fields[number]).first(),
            "target_group": "Zugewanderte und Alteingesessene",
            "lead_actor": actors["coordination"],
            "start_date": datetime.date(today.year + 1, 1, 1),
            "deadline": datetime.date(today.year + 1, 12, 31),
            "indicator": "Teilnehmende",
            "indicator_unit": "Personen",
            "indicator_baseline": Decimal(0),
            "indicator_target": Decimal(50),
            "staff_hours_per_year": Decimal(80),
            "budget_amount": Decimal(1500),
            "funding_source": "städtischer Haushalt",
        }
        if left_out == "indicator":
            values.update(indicator="", indicator_unit="", indicator_target=None)
        elif left_out == "resources":
            values.update(staff_hours_per_year=None, budget_amount=None, funding_source="")
        elif left_out == "description":
            values.update(description="")
        else:
            values[left_out] = None
        if Measure.objects.filter(action_field=fields[number], title=title).exists():
            continue
        measure_create(
            user=coordinator,
            values={"number": f"{number}.{per_field[number]}", **values},
            reason=REASON,
        )
        created += 1
    log(
        f"Ziele: {Goal.objects.count()}, "
        f"Maßnahmen: {created} neu, {Measure.objects.count()} insgesamt."
    )
