"""Tests of core live in the project tests/ (test_core_*.py); this package lets the permission
matrix look for core/tests/url_permissions.py like in every other app."""
