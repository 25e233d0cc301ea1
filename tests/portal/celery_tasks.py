"""Tasks the real-worker test sends; the worker loads this module with ``--include``."""

import logging

from celery import shared_task

logger = logging.getLogger("portal.tests.celery")


@shared_task(name="tests.portal.create_group")
def create_group(name: str) -> str:
    """An effect the test can see in the database, a log line, and the request id the task ran under."""
    from django.contrib.auth.models import Group

    from portal.logging import request_id_var

    Group.objects.get_or_create(name=name)
    # An e-mail address in the line: the worker's log must redact it like the web process does.
    logger.info("created group %s for clerk@example.org", name)
    return request_id_var.get()
