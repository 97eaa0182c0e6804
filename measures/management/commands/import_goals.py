from measures.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Importiert Ziele (Handlungsfeld, Ziel, Beschreibung) aus einer Excel- oder CSV-Datei."
    kind = "goals"
    names_options = False
