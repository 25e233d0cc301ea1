"""Periodic tasks: each app registers its entries from ``AppConfig.ready()``.

With django-celery-beat's DatabaseScheduler the entries are copied into the database when beat starts,
where an administrator can see and pause them.
"""

from django.conf import settings


def register(name: str, task: str, schedule, **options) -> None:
    settings.CELERY_BEAT_SCHEDULE[name] = {"task": task, "schedule": schedule, "options": options}
