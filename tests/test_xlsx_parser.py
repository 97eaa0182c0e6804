"""Uploaded .xlsx files are parsed with defusedxml (openpyxl uses it when installed)."""

from openpyxl import xml


def test_openpyxl_parses_uploads_with_defusedxml():
    assert xml.DEFUSEDXML
