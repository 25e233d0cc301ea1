"""File downloads go through a view that checks who asks: every role, including another clerk."""

import pytest
from django.urls import reverse

from documents import actions, tasks
from documents.actors import PORTAL
from documents.models import GeneratedFile
from tests.documents.samples import PDF, upload


@pytest.fixture
def doc(incoming, manager, clerk, settings):
    settings.REGISTRY_AUTO_RECEIPT = False
    doc = actions.register_incoming(
        PORTAL,
        register=incoming,
        subject="Искане",
        kind="application",
        channel="portal",
        correspondents=[{"name": "Иван Иванов", "city": "Русе"}],
        files=[upload("молба.pdf", PDF)],
    )
    tasks.render_receipt(doc.pk)
    actions.assign(manager, doc, assignee=clerk)
    return doc


@pytest.mark.parametrize(
    "who, status",
    [("manager", 200), ("registrar", 200), ("clerk", 200), ("other_clerk", 404), ("editor", 404)],
)
def test_attachment_and_receipt_downloads_by_role(client, doc, request, who, status):
    client.force_login(request.getfixturevalue(who))
    att = doc.attachments.get()
    response = client.get(reverse("documents:attachment", args=[att.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
    receipt = GeneratedFile.objects.get(document=doc, kind="receipt")
    response = client.get(reverse("documents:generated_file", args=[receipt.pk]))
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, doc):
    response = client.get(reverse("documents:attachment", args=[doc.attachments.get().pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_register_journal_only_for_its_registrars_and_managers(
    client, incoming, registrar, clerk, manager, doc
):
    from documents.tasks import render_register_journal

    day = doc.registered_on.isoformat()
    journal = GeneratedFile.objects.get(pk=render_register_journal(incoming.pk, day, day))
    url = reverse("documents:generated_file", args=[journal.pk])
    for user, status in ((registrar, 200), (manager, 200), (clerk, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
