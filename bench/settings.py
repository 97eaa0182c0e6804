"""Production settings plus the benchmark's bare views (used only by `make bench`/`make load`)."""

from laatzen_integration.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
