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

from concept.demo import actors_by_key
from concept.models import ActionField, Goal, User

from .models import Measure, MeasureStatus
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


def _measure_values(row, field, goal, actors) -> dict:
    lead = actors.get(ACTOR_KEYS.get(row["lead_actor"], ""))
    status = STATUS_BY_LABEL[row["status"]]
    baseline, target = Decimal(row["baseline"]), Decimal(row["target"])
    progress = {"completed": 100, "planned": 0, "delayed": 35}.get(status, 55)
    current = baseline + (target - baseline) * Decimal(progress) / 100
    start = _date(row["start"])
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


def _report(measure, author, days_ago, text, today):
    measure_report_status(
        measure=measure,
        user=author,
        reported_on=today - datetime.timedelta(days=days_ago),
        status=measure.status,
        progress=measure.progress,
        indicator_value=measure.indicator_current,
        text=text,
    )


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
        values = _measure_values(row, field, goal, actors)
        values["number"] = f"{number}.{per_field[number]}"
        if Measure.objects.filter(number=values["number"]).exists():
            continue
        measure = measure_create(
            user=coordinator,
            values=values,
            partners=_partners(row, actors, values["lead_actor"]),
            reason=REASON,
        )
        created += 1
        author = members.get(measure.lead_actor_id) or coordinator
        if measure.status != MeasureStatus.PLANNED:
            _report(measure, author, 200, "Start wie geplant; erste Termine stehen fest.", today)
            _report(measure, author, 40, "Die Umsetzung läuft; Rückmeldungen sind positiv.", today)

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
