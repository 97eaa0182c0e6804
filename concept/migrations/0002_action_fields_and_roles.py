"""The seven fixed action fields, in their order, and the three role groups."""

from django.db import migrations

ACTION_FIELDS = [
    (
        1,
        "Willkommenskultur",
        "willkommenskultur",
        "Ankommen, Orientierung und Erstberatung für Neuzugewanderte; eine offene Stadtgesellschaft.",
        "Neuzugewanderte finden sich schnell zurecht und erleben Laatzen als offene, "
        "wertschätzende Stadt.",
    ),
    (
        2,
        "Wohnen und Leben",
        "wohnen-und-leben",
        "Zugang zu Wohnraum, Nachbarschaft und Quartier, Gesundheit und soziale Beratung.",
        "Alle Menschen haben Zugang zu angemessenem Wohnraum und leben gut zusammen in ihren "
        "Quartieren.",
    ),
    (
        3,
        "Bildung und Sprache",
        "bildung-und-sprache",
        "Sprachbildung von der Kita bis zur Erwachsenenbildung, Elternbeteiligung, Schule.",
        "Kinder, Jugendliche und Erwachsene haben gleiche Bildungschancen und erwerben gute "
        "Deutschkenntnisse.",
    ),
    (
        4,
        "Wirtschaft und Arbeit",
        "wirtschaft-und-arbeit",
        "Anerkennung von Abschlüssen, Ausbildung, Arbeitsmarktzugang, Selbstständigkeit.",
        "Zugewanderte finden Zugang zu Ausbildung und existenzsichernder Arbeit; ihre "
        "Qualifikationen werden genutzt.",
    ),
    (
        5,
        "Teilhabe",
        "teilhabe",
        "Politische, kulturelle und sportliche Teilhabe, Ehrenamt und Engagement.",
        "Zugewanderte gestalten das gesellschaftliche, kulturelle und politische Leben der "
        "Stadt gleichberechtigt mit.",
    ),
    (
        6,
        "Interkulturelle Öffnung",
        "interkulturelle-oeffnung",
        "Interkulturelle Öffnung von Verwaltung, Einrichtungen und Vereinen.",
        "Verwaltung und Einrichtungen sind für alle Menschen gleichermaßen zugänglich und "
        "spiegeln die Vielfalt der Stadt.",
    ),
    (
        7,
        "Vernetzung",
        "vernetzung",
        "Zusammenarbeit der Akteure, Integrationskonferenz, Transparenz.",
        "Die Akteure der Integrationsarbeit arbeiten abgestimmt zusammen und tauschen sich "
        "regelmäßig aus.",
    ),
]

ROLES = ["Koordination", "Akteur", "Rat"]


def create(apps, schema_editor):
    ActionField = apps.get_model("concept", "ActionField")
    Group = apps.get_model("auth", "Group")
    for number, name, slug, short, guiding in ACTION_FIELDS:
        ActionField.objects.update_or_create(
            number=number,
            defaults={
                "name": name,
                "slug": slug,
                "short_description": short,
                "guiding_goal": guiding,
            },
        )
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def remove(apps, schema_editor):
    apps.get_model("concept", "ActionField").objects.filter(
        number__in=[f[0] for f in ACTION_FIELDS]
    ).delete()
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("concept", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
