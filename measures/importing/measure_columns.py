"""The columns of the measure import and the other names people give them."""

from django.utils.translation import gettext_lazy as _lazy

from .base import Column

COLUMNS = (
    Column(
        "number",
        "Nummer",
        ("Nr", "Nr.", "Maßnahmen-Nr", "Maßnahmennummer", "Lfd. Nr."),
        _lazy("z. B. 3.2; leer: die nächste freie Nummer des Handlungsfelds"),
    ),
    Column(
        "action_field_number",
        "Handlungsfeld",
        ("HF", "Handlungsfeld Nr", "Feld"),
        _lazy("Nummer (z. B. 3) oder Name des Handlungsfelds"),
        required=True,
    ),
    Column(
        "goal",
        "Ziel",
        ("Handlungsziel", "Teilziel"),
        _lazy(
            "Titel eines Ziels des Handlungsfelds; ein neues wird in der Vorschau "
            "angelegt oder zugeordnet"
        ),
    ),
    Column(
        "title",
        "Titel",
        ("Maßnahme", "Maßnahmentitel", "Bezeichnung", "Maßnahme (Titel)"),
        _lazy("Text (Pflicht)"),
        required=True,
    ),
    Column(
        "description", "Beschreibung", ("Inhalt", "Beschreibung der Maßnahme", "Kurzbeschreibung")
    ),
    Column("target_group", "Zielgruppe", ("Zielgruppen",)),
    Column(
        "lead_actor",
        "federführender Akteur",
        ("Federführung", "federführend", "Verantwortlich", "Zuständig", "Träger"),
        _lazy(
            "Name, Kurzname oder anderer Name eines Akteurs; ein neuer wird in der "
            "Vorschau angelegt oder zugeordnet"
        ),
    ),
    Column(
        "partners",
        "Kooperationspartner",
        ("Partner", "Kooperationspartner*innen", "Beteiligte", "Mitwirkende"),
        _lazy("Namen, getrennt durch „;“, „,“ oder Zeilenumbrüche"),
    ),
    Column(
        "start",
        "Beginn",
        ("Start", "Zeitraum von", "von", "Startdatum"),
        _lazy("Datum (TT.MM.JJJJ oder Excel-Datum)"),
    ),
    Column(
        "deadline",
        "Frist",
        ("Zeitraum bis", "bis", "Ende", "Enddatum", "Termin", "Umsetzung bis"),
        _lazy("Datum (TT.MM.JJJJ oder Excel-Datum)"),
    ),
    Column(
        "staff_hours_per_year",
        "Personal (Stunden pro Jahr)",
        ("Stunden pro Jahr", "Personalstunden", "Stunden"),
    ),
    Column("staff_fte", "Personal (VZÄ)", ("VZÄ", "Stellenanteil", "Personal (Stellenanteil VZÄ)")),
    Column(
        "budget_eur",
        "Finanzmittel (€)",
        ("Kosten (€)", "Kosten", "Budget", "Finanzmittel", "Mittel (€)", "budget_eur"),
        _lazy("Betrag, z. B. 1.234,56"),
    ),
    Column("funding_source", "Finanzierungsquelle", ("Finanzierung", "Förderung", "Fördermittel")),
    Column("budget_years", "Haushaltsjahr(e)", ("Haushaltsjahr", "Haushaltsjahre")),
    Column("indicator", "Indikator", ("Kennzahl", "Messgröße")),
    Column("unit", "Einheit", ()),
    Column("baseline", "Ausgangswert", ("Basiswert", "Startwert")),
    Column("target", "Zielwert", ("Soll", "Soll-Wert")),
    Column("current", "aktueller Wert", ("Ist", "Ist-Wert", "aktueller Indikatorwert")),
    Column(
        "status",
        "Status",
        ("Stand", "Umsetzungsstand"),
        _lazy("geplant, in Umsetzung, abgeschlossen, verzögert oder abgebrochen"),
    ),
    Column(
        "progress",
        "Fortschritt (%)",
        ("Fortschritt", "Fortschritt in %", "erledigt (%)"),
        _lazy("0 bis 100; bei „abgeschlossen“ leer = 100"),
    ),
)
