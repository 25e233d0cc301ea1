"""Tests: the base settings plus speed-ups.

``DATABASE_URL``/``REDIS_URL`` choose SQLite or PostgreSQL+Redis.
"""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="portal-test-media-")))  # noqa: F405
# Plain storage so that live_server serves styled pages (hashed names would 404 there).
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks run in-process in tests whatever REDIS_URL says: tests marked ``redis`` switch this off themselves
# (tests/conftest.py) and go through a real broker and worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}}
# Other apps' tests log staff in with a password alone; tests/portal turns these on where they prove them.
REQUIRE_2FA = False
# The stand-in СЕОС peers serve plain HTTP on loopback (tests/exchange/test_mutual_tls.py serves HTTPS).
SEOS_ALLOW_PLAIN_HTTP = env.bool("SEOS_ALLOW_PLAIN_HTTP", default=True)
BACKUP_DIR = Path(tempfile.mkdtemp(prefix="portal-test-backups-"))  # noqa: F405
