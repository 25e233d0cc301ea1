"""Scheduled publishing of pages (and un-publishing of expired ones).

Production: Celery beat runs :func:`publish_scheduled` every minute (entry ``home-publish-scheduled``,
added in :class:`home.apps.HomeConfig`). It only wraps Wagtail's own ``publish_scheduled`` command.

Embedded default (``make run``, no beat): nothing publishes on its own. Run the command on a schedule
instead, e.g. a crontab line ``* * * * * cd /path/to/portal && .venv/bin/python manage.py publish_scheduled``,
or run it by hand after the "go live" time.
"""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="home.publish_scheduled", ignore_result=True)
def publish_scheduled():
    # Idempotent: the command publishes only revisions whose time has come and that are still pending.
    call_command("publish_scheduled", verbosity=0)
