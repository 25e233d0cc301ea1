"""Benchmark settings: exactly production's, plus a bare view in the URLconf to compare against."""

from portal.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
