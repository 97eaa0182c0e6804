from measures.importing.command import ImportCommand


class Command(ImportCommand):
    help = "Importiert frühere Sachstände (Nummer, Datum, Status, Text, Wert) mit ihrem Datum."
    kind = "reports"
    names_options = False
