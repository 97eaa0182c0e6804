from measures.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Importiert Maßnahmen aus einer Excel- oder CSV-Datei (alles oder nichts)."
    kind = "measures"
    names_options = True
