"""Tasks the real-worker test sends; the worker loads this module with ``--include``."""

from celery import shared_task


@shared_task(name="tests.portal.create_group")
def create_group(name: str) -> str:
    """An effect the test can see in the database, and the request id the task ran under."""
    from django.contrib.auth.models import Group

    from portal.logging import request_id_var

    Group.objects.get_or_create(name=name)
    return request_id_var.get()
