"""Scheduled publishing of pages (and un-publishing of expired ones).

Production: Celery beat runs :func:`publish_scheduled` every minute (entry ``home-publish-scheduled``,
added in :class:`home.apps.HomeConfig`). It only wraps Wagtail's own ``publish_scheduled`` command.

Embedded default (``make run``, no beat): the development server runs the same function every minute in
a thread of its own (:mod:`home.scheduler`). Any other set-up without beat can run
``manage.py publish_scheduled`` from cron instead.
"""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="home.publish_scheduled", ignore_result=True)
def publish_scheduled():
    # Idempotent: the command publishes only revisions whose time has come and that are still pending.
    call_command("publish_scheduled", verbosity=0)
