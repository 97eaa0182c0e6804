"""`make test` alone catches a model change without its migration (like `make migrations-check`)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db  # makemigrations checks the applied history against the database
def test_every_model_change_has_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
    except SystemExit:
        missing = out.getvalue()
    else:
        return
    pytest.fail(
        "Model changes without a migration; write it with "
        f"`DEBUG=true python manage.py makemigrations`:\n{missing}"
    )
