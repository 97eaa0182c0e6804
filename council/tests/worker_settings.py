"""Settings for the db_worker subprocess of test_rendering: test settings, database tasks."""

from laatzen_integration.settings_test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("MEDIA_ROOT"):  # noqa: F405
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]  # noqa: F405
