"""Demo data of the concept layer: actors (invented names) and one user per role."""

from django.contrib.auth.models import Group

from . import roles
from .models import Actor, ActorKind, Membership, User

DEMO_PASSWORD = "laatzen-demo"

# (key used by the measures demo, name, short name, kind, contact person)
ACTORS = [
    (
        "coordination",
        "Stadt Laatzen – Koordination Integration und Teilhabe",
        "Koordination",
        ActorKind.CITY_TEAM,
        "Koordinatorin für Integration und Teilhabe",
    ),
    ("social", "Stadt Laatzen – Team Soziales", "Team Soziales", ActorKind.CITY_TEAM, ""),
    ("citizens_office", "Stadt Laatzen – Bürgerbüro", "Bürgerbüro", ActorKind.CITY_TEAM, ""),
    (
        "press",
        "Stadt Laatzen – Presse- und Öffentlichkeitsarbeit",
        "Pressestelle",
        ActorKind.CITY_TEAM,
        "",
    ),
    ("daycare", "Stadt Laatzen – Team Kindertagesstätten", "Team Kitas", ActorKind.CITY_TEAM, ""),
    (
        "staff",
        "Stadt Laatzen – Team Personal und Organisation",
        "Team Personal",
        ActorKind.CITY_TEAM,
        "",
    ),
    (
        "economy",
        "Stadt Laatzen – Wirtschaftsförderung",
        "Wirtschaftsförderung",
        ActorKind.CITY_TEAM,
        "",
    ),
    (
        "culture",
        "Stadt Laatzen – Team Kultur, Sport und Bibliothek",
        "Team Kultur",
        ActorKind.CITY_TEAM,
        "",
    ),
    (
        "vhs",
        "Volkshochschule Leinetal",
        "VHS",
        ActorKind.OTHER,
        "Fachbereich Deutsch als Zweitsprache",
    ),
    ("awo", "AWO Ortsverein Laatzen-Leinetal", "AWO", ActorKind.WELFARE, "Migrationsberatung"),
    ("caritas", "Caritasverband Laatzen-Süd", "Caritas", ActorKind.WELFARE, "Quartiersarbeit"),
    (
        "diakonie",
        "Diakonisches Werk Laatzen-Pattensen",
        "Diakonie",
        ActorKind.WELFARE,
        "Sozialberatung",
    ),
    (
        "jobcenter",
        "Jobcenter Region Hannover – Standort Laatzen",
        "Jobcenter",
        ActorKind.EMPLOYMENT_AGENCY,
        "Team Integration",
    ),
    ("jmd", "Jugendmigrationsdienst Leine-Süd", "JMD", ActorKind.WELFARE, ""),
    ("school", "Gesamtschule am Leinepark", "Gesamtschule", ActorKind.SCHOOL, "Schulsozialarbeit"),
    (
        "sports",
        "Turn- und Sportverein Grasdorf-Rethen e. V.",
        "TSV Grasdorf-Rethen",
        ActorKind.ASSOCIATION,
        "Abteilung Breitensport",
    ),
    (
        "network",
        "Netzwerk Willkommen in Laatzen e. V.",
        "Netzwerk Willkommen",
        ActorKind.ASSOCIATION,
        "Vorstand",
    ),
    (
        "migrant_org",
        "Deutsch-Syrischer Kulturverein Laatzen e. V.",
        "DSKV",
        ActorKind.MIGRANT_ORGANISATION,
        "Vorsitz",
    ),
    (
        "health",
        "Region Hannover – Fachbereich Gesundheit",
        "Region Gesundheit",
        ActorKind.OTHER,
        "",
    ),
    (
        "recognition",
        "Anerkennungsberatung Leine (IQ-Netzwerk)",
        "Anerkennungsberatung",
        ActorKind.OTHER,
        "",
    ),
]

# (username, first, last, role group, actor keys, staff?)
USERS = [
    ("koordination", "Karla", "Koordinatorin", roles.COORDINATOR, ["coordination"], True),
    ("akteur", "Aylin", "Vogt", roles.ACTOR, ["vhs"], False),
    ("akteur2", "Bernd", "Kühn", roles.ACTOR, ["awo"], False),
    ("rat", "Renate", "Ratsmitglied", roles.COUNCIL, [], False),
]


def actors_by_key() -> dict[str, Actor]:
    names = {key: name for key, name, *_ in ACTORS}
    by_name = Actor.objects.in_bulk(list(names.values()), field_name="name")
    return {key: by_name[name] for key, name in names.items() if name in by_name}


def load(*, log) -> None:
    created = 0
    for key, name, short, kind, contact in ACTORS:
        slug = key.replace("_", "-")
        _, new = Actor.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "contact_person": contact,
                "email": f"{slug}@example.org",
                "phone": "0511 000000",
                "website": f"https://{slug}.example.org",
            },
        )
        created += new
    log(f"Akteure: {created} neu, {len(ACTORS) - created} vorhanden.")

    actors = actors_by_key()
    for username, first, last, role, actor_keys, staff in USERS:
        user, new = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": staff,
            },
        )
        if new:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        for key in actor_keys:
            Membership.objects.get_or_create(actor=actors[key], user=user)
        log(f"Benutzer*in {username!r} ({role}) – Passwort: {DEMO_PASSWORD}")
