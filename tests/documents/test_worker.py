"""Tasks through a real Redis broker and a Celery worker (CI's second run): ids in, idempotent."""

import pytest

from documents import actions, tasks
from documents.actors import PORTAL
from documents.models import GeneratedFile


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_receipt_rendered_by_a_worker_once(incoming, settings):
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    settings.REGISTRY_AUTO_RECEIPT = False
    doc = actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане чрез портала",
        kind="application",
        channel="portal",
        correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
    )
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        first = tasks.render_receipt.delay(doc.pk).get(timeout=120)
        again = tasks.render_receipt.delay(doc.pk).get(timeout=120)
    assert first == again == GeneratedFile.objects.get(document=doc, kind="receipt").pk
