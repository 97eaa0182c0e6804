"""Progress cells as German spreadsheets hold them."""

from decimal import Decimal

import pytest

from core.tabular import Percent
from measures.importing.values import parse_progress


@pytest.mark.parametrize(
    ("cell", "progress"),
    [(Percent(100), 100), (Percent(40), 40), ("40 %", 40), ("40", 40), (40, 40), ("40,0", 40)],
)
def test_progress_is_read_as_the_percent_the_cell_shows(cell, progress):
    assert parse_progress(cell) == progress


@pytest.mark.parametrize("cell", [0.4, Decimal("0.5"), Percent("12.5"), "101", "viel"])
def test_a_fraction_or_anything_but_a_whole_percent_is_refused_not_guessed(cell):
    with pytest.raises(ValueError, match="ganze Zahl von 0 bis 100"):
        parse_progress(cell)
