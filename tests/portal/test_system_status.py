"""The admin's System status page: superusers only, shows checks, backups, failed tasks, journal, СЕОС."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from portal import backup
from portal.models import TaskFailure
from tests.portal.factories import EDITOR, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/system-status/"


def test_superuser_sees_the_whole_picture(client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.BACKUP_DIR = tmp_path
    TaskFailure.objects.create(task_id="abc", task_name="documents.render_receipt", exception="OSError",
                               message="disk full", request_id="req-status-0001")
    client.force_login(UserFactory(username="root", superuser=True))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for check in ("database", "cache", "broker", "storage", "worker"):
        assert f"<td>{check}</td>" in html
    assert "documents.render_receipt" in html and "req-status-0001" in html
    assert "Django" in html and "Wagtail" in html
    assert response.context["backup"].value is None and response.context["backup"].problem
    journal = response.context["journal"]
    assert journal.value is None and journal.problem  # never verified yet: said, and flagged
    assert "Дневникът все още не е проверен" in html


@pytest.mark.django_db(transaction=True)
def test_last_backup_is_shown(client, settings, tmp_path):
    from wagtail.models import Collection

    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    Document.objects.create(title="x", file=ContentFile(b"%PDF-1.4", name="x.pdf"))
    made = backup.create_backup()
    client.force_login(UserFactory(username="root2", superuser=True))
    response = client.get(URL)
    assert response.context["backup"].value.name == made.name
    assert not response.context["backup"].problem
    assert made.name in response.content.decode()


def test_other_staff_are_refused_and_it_is_logged(client, caplog):
    client.force_login(UserFactory(username="ed", perms=EDITOR))
    response = client.get(URL)
    # Wagtail's admin turns a refusal into a redirect to the dashboard with a message.
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    events = [r.security for r in caplog.records if r.name == "portal.security"]
    assert any(e["event"] == "permission.denied" and e["path"] == URL for e in events)


def test_menu_entry_only_for_superusers(client):
    client.force_login(UserFactory(username="ed2", perms=EDITOR))
    assert URL.encode() not in client.get("/admin/").content
    client.force_login(UserFactory(username="root3", superuser=True))
    assert URL.encode() in client.get("/admin/").content


def test_account_page_links_to_two_factor_setup(client):
    client.force_login(UserFactory(username="ed3", perms=EDITOR))
    assert b"/admin/2fa/setup/" in client.get("/admin/account/").content


def test_seos_messages_by_status_with_failures_flagged(client):
    from django.utils import timezone, translation

    from documents.exchange.models import Message
    from tests.exchange.factories import ParticipantFactory

    participant = ParticipantFactory()
    for i, status in enumerate(["failed", "pending", "sent", "sent"]):
        Message.objects.create(direction="out", type="MSG_DocumentStatusRequest", guid=f"{{guid-{i}}}",
                               participant=participant, message_date=timezone.now(), raw_xml="<x/>",
                               sha256="0" * 64, status=status)
    client.force_login(UserFactory(username="root4", superuser=True))
    items = {item.label: item for item in client.get(URL).context["seos"]}
    with translation.override("bg"):  # the admin speaks the default language to this user
        labels = {s: str(Message.Status(s).label) for s in ("failed", "pending", "sent")}
    failed = next(v for k, v in items.items() if k.endswith(": " + labels["failed"]))
    waiting = next(v for k, v in items.items() if k.endswith(": " + labels["pending"]))
    delivered = next(v for k, v in items.items() if k.endswith(": " + labels["sent"]))
    assert (failed.value, failed.problem) == (1, True)
    assert (waiting.value, waiting.problem) == (1, True)
    assert (delivered.value, delivered.problem) == (2, False)
