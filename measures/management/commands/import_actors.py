from measures.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Importiert Akteure (Name, Kurzname, Art, E-Mail …) aus einer Excel- oder CSV-Datei."
    kind = "actors"
    names_options = False
