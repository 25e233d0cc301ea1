"""The Celery application.

In the embedded default (no ``REDIS_URL``) tasks run eagerly in-process, so the portal works with no
broker; with ``REDIS_URL`` set, tasks go through Redis to separate worker and beat processes.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
