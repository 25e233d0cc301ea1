"""Suite-wide fixtures and the rules for tests that need an outside service.

Tests marked ``postgres`` or ``redis`` run only when the suite is pointed at those services
(``DATABASE_URL``/``REDIS_URL``). With ``PORTAL_REQUIRE_SERVICES=1`` (CI's second run) a missing service is
an error, never a silent skip.
"""

import os
import shutil

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"

# One browser harness for every folder: its session-wide Playwright must exist once per run.
pytest_plugins = ["tests.e2e.harness"]


def _on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _redis_reachable() -> bool:
    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def pytest_configure(config):
    if not REQUIRE_SERVICES:
        return
    problems = []
    if not _on_postgres():
        problems.append("PORTAL_REQUIRE_SERVICES=1 but DATABASE_URL is not a PostgreSQL URL")
    if not _redis_reachable():
        problems.append(f"PORTAL_REQUIRE_SERVICES=1 but Redis is not reachable at {settings.REDIS_URL!r}")
    if problems:
        raise pytest.UsageError("; ".join(problems))


def pytest_collection_modifyitems(config, items):
    on_pg = _on_postgres()
    has_redis = bool(settings.REDIS_URL)
    has_chromium = bool(shutil.which("chromium"))
    for item in items:
        if "postgres" in item.keywords and not on_pg:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://..."))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis: run with REDIS_URL=redis://..."))
        if "browser" in item.keywords and not has_chromium:
            if os.environ.get("CI"):
                raise pytest.UsageError("browser tests need /usr/bin/chromium (apt-get install chromium)")
            item.add_marker(pytest.mark.skip(reason="needs Debian's chromium"))


@pytest.fixture(autouse=True)
def _tasks_through_the_broker_for_redis_tests(request):
    """Tests marked ``redis`` send tasks through the real broker; every other test runs them eagerly."""
    if request.node.get_closest_marker("redis") is None:
        yield
        return
    from django.test import override_settings

    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
        try:
            yield
        finally:
            app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: Redis, unlike local memory, outlives tests and runs."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def wagtail_base_data(transactional_db):
    """Transactional tests flush the database, Wagtail's migration-made root page and default locale
    with it: re-create them (serialized rollback collides with content types recreated by flushes)."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(title="Root", slug="root")
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
