"""The proposed default matrix: criteria K1–K6 and the four-level scale."""

from decimal import Decimal

DEFAULT_MATRIX_NAME = "Bewertungsmatrix Handlungskonzept Integration"

# (code, title, weight, description) – /work/shared/reference/evaluation-matrix.md, part 2
DEFAULT_CRITERIA = [
    (
        "K1",
        "Zielerreichung laut Indikator",
        30,
        "Zielerreichungsgrad g = (Ist − Ausgangswert) / (Zielwert − Ausgangswert); gilt auch, "
        "wenn ein niedrigerer Wert besser ist. g ≥ 1,0 → 3; 0,67–0,99 → 2; 0,33–0,66 → 1; "
        "< 0,33 → 0. Ja/Nein-Indikatoren: 1 → 3, 0 → 0. Fehlt Ausgangs- oder Zielwert: "
        "„nicht bewertbar“.",
    ),
    (
        "K2",
        "Umsetzungsstand und Termintreue",
        20,
        "Termingerecht oder abgeschlossen → 3; bis 3 Monate Verzug → 2; mehr als 3 Monate "
        "Verzug oder Status „verzögert“ → 1; trotz verstrichenem Beginn nicht begonnen → 0.",
    ),
    (
        "K3",
        "Erreichung der Zielgruppe",
        15,
        "Teilnehmende aus der Zielgruppe ≥ 90 % der Planung → 3; 60–89 % → 2; 30–59 % → 1; "
        "< 30 % → 0.",
    ),
    (
        "K4",
        "Ressourceneinsatz (Personal und Finanzen, Plan gegen Ist)",
        10,
        "Abweichung ≤ 10 % → 3; ≤ 25 % → 2; ≤ 50 % → 1; > 50 % oder Förderung entfallen → 0.",
    ),
    (
        "K5",
        "Kooperation und Beteiligung",
        10,
        "Alle genannten Partner aktiv und Migrant*innenorganisationen beteiligt → 3; die "
        "meisten Partner aktiv → 2; nur der federführende Akteur → 1; Kooperation "
        "abgebrochen → 0.",
    ),
    (
        "K6",
        "Nachhaltigkeit / Verstetigung",
        15,
        "In das Regelangebot übernommen oder Anschlussfinanzierung gesichert → 3; "
        "Fortführung wahrscheinlich → 2; unsicher → 1; endet ohne Nachfolge → 0.",
    ),
]

# (label, score, counts as no score, description)
DEFAULT_LEVELS = [
    ("erreicht", 3, False, "Ziel erreicht oder übertroffen, vollständig wie geplant."),
    ("überwiegend erreicht", 2, False, "Kleine Lücken, keine Korrektur nötig."),
    ("teilweise erreicht", 1, False, "Deutliche Lücken, die Maßnahme ist anzupassen."),
    ("nicht erreicht", 0, False, "Ziel verfehlt oder nicht umgesetzt."),
    (
        "nicht bewertbar",
        0,
        True,
        "Keine belastbare Grundlage; zählt nicht (auch nicht als 0) in die Wertung.",
    ),
]

# The thresholds of K1 above as data: g at or above the threshold earns the score, below the
# last one 0 (``indicator.level_for``; they apply to the default 0–3 scale).
ATTAINMENT_THRESHOLDS = [
    (Decimal("1.0"), 3),
    (Decimal("0.67"), 2),
    (Decimal("0.33"), 1),
]
