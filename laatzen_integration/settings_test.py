"""Settings for the test suite: production settings with test-only conveniences."""

import os

os.environ["DJANGO_DOT_ENV"] = "off"  # a checkout's .env (make run) never reaches the tests
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
