"""Settings for a db_worker subprocess of the tests (council/tests/test_rendering.py): test
settings with database tasks."""

from laatzen_integration.settings_test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if os.environ.get("MEDIA_ROOT"):  # noqa: F405
    MEDIA_ROOT = os.environ["MEDIA_ROOT"]  # noqa: F405
