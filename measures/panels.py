"""Places on the measure pages that higher apps fill (see ``core/panels.py``)."""

from core.panels import Slot

# Facts in the measure page's "T – Terminiert und Umsetzung" list: each panel renders
# <dt>/<dd> pairs (participation: the survey need a measure was made from).
measure_facts = Slot("measures.measure_facts")
