"""The role matrix through HTTP: every screen and every download, for every role.

registrar (of ОА-01), clerk (the document is assigned to them), other clerk (not theirs), manager, editor
(Wagtail access, no registry role) and anonymous. Not logged in: the admin login. No registry role: 403.
A document or file the user may not see: 404, so ids reveal nothing.
"""

import pytest
from django.urls import reverse

from documents.models import GeneratedFile
from tests.documents.ui.conftest import PDF

LOGIN = "/admin/login/"
ROLES = ["registrar", "clerk", "other_clerk", "manager", "editor", "anonymous"]

# screen -> expected status per role (in ROLES order)
SCREENS = {
    "index": [200, 200, 200, 200, 403, 302],
    "my_tasks": [200, 200, 200, 200, 403, 302],
    "documents": [200, 200, 200, 200, 403, 302],
    "register_documents": [200, 200, 200, 200, 403, 302],
    "register_incoming": [200, 403, 403, 200, 403, 302],
    "register_outgoing": [200, 200, 200, 200, 403, 302],
    "document": [200, 200, 404, 200, 403, 302],
    "answer": [403, 200, 404, 200, 403, 302],
    "journal": [200, 403, 403, 200, 403, 302],
    "statistics": [403, 403, 403, 200, 403, 302],
    "statistics_csv": [403, 403, 403, 200, 403, 302],
}
DOWNLOADS = {
    "attachment": [200, 200, 404, 200, 404, 302],
    "receipt": [200, 200, 404, 200, 403, 302],
    "stored_receipt": [200, 200, 404, 200, 404, 302],
}


def screen_url(name, doc, outgoing):
    if name == "register_documents":
        return reverse("documents_admin:register_documents", args=[doc.register_id])
    if name in ("document", "answer"):
        return reverse(f"documents_admin:{name}", args=[doc.pk])
    if name == "statistics_csv":
        return reverse("documents_admin:statistics_csv") + "?date_from=2026-01-01&date_to=2026-12-31"
    return reverse(f"documents_admin:{name}")


def login(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])


@pytest.mark.parametrize("role", ROLES)
def test_every_screen_for_every_role(client, users, assigned_doc, outgoing, role):
    login(client, users, role)
    for name, expected in SCREENS.items():
        response = client.get(screen_url(name, assigned_doc, outgoing))
        want = expected[ROLES.index(role)]
        assert response.status_code == want, (name, role, response.status_code)
        if want == 302:
            assert response["Location"].startswith(LOGIN)
        if want == 403:
            assert b'role="alert"' in response.content  # says why, on the page


@pytest.mark.parametrize("role", ROLES)
def test_every_download_for_every_role(client, users, assigned_doc, role):
    login(client, users, role)
    att = assigned_doc.attachments.get()
    urls = {
        "attachment": reverse("documents_admin:attachment", args=[att.pk]),
        "receipt": reverse("documents_admin:document_pdf", args=[assigned_doc.pk, "receipt"]),
    }
    for name in ("attachment", "receipt"):
        response = client.get(urls[name])
        want = DOWNLOADS[name][ROLES.index(role)]
        assert response.status_code == want, (name, role, response.status_code)
        if want == 200:
            body = b"".join(response.streaming_content)
            assert body.startswith(b"%PDF")
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "no-store" in response["Cache-Control"]
            if name == "attachment":
                assert body == PDF
    # The receipt exists now (rendered on demand above, or by an earlier role): its stored-file URL too.
    stored = GeneratedFile.objects.filter(document=assigned_doc).first()
    if stored is not None:
        response = client.get(reverse("documents_admin:generated_file", args=[stored.pk]))
        assert response.status_code == DOWNLOADS["stored_receipt"][ROLES.index(role)]


def test_another_clerks_document_is_not_in_their_lists(client, other_clerk, clerk, assigned_doc):
    client.force_login(other_clerk)
    for name in ("documents", "my_tasks"):
        assert (
            assigned_doc.formatted_number
            not in client.get(reverse(f"documents_admin:{name}")).content.decode()
        )
    client.force_login(clerk)
    for name in ("documents", "my_tasks"):
        assert (
            assigned_doc.formatted_number in client.get(reverse(f"documents_admin:{name}")).content.decode()
        )


def test_another_clerk_cannot_act_on_the_document(client, other_clerk, assigned_doc):
    from tests.documents.ui.conftest import written

    client.force_login(other_clerk)
    before = written()
    response = client.post(
        reverse("documents_admin:document_action", args=[assigned_doc.pk, "close"]), {"close-note": "x"}
    )
    assert response.status_code == 404
    assert written() == before


MORE_DOWNLOADS = {
    # the letter of the clerk's answer (outgoing register ОА-02: registrars and clerks work in it)
    "letter": [200, 200, 404, 200, 403, 302],
    # a stored register journal of ОА-01: its registrars and managers only
    "journal_pdf": [200, 404, 404, 200, 404, 302],
    "journal_csv": [200, 403, 403, 200, 403, 302],
}


@pytest.mark.parametrize("role", ROLES)
def test_letter_and_journal_downloads_for_every_role(client, users, assigned_doc, outgoing, clerk, role):
    from django.utils import timezone

    from documents import actions, tasks

    answer = actions.answer(clerk, assigned_doc, register=outgoing, channel="post", subject="Отговор")
    today = timezone.localdate().isoformat()
    journal = tasks.render_register_journal(assigned_doc.register_id, today, today)
    login(client, users, role)
    urls = {
        "letter": reverse("documents_admin:document_pdf", args=[answer.pk, "letter"]),
        "journal_pdf": reverse("documents_admin:generated_file", args=[journal]),
        "journal_csv": reverse("documents_admin:journal")
        + f"?register={assigned_doc.register_id}&date_from={today}&date_to={today}&format=csv",
    }
    for name, url in urls.items():
        response = client.get(url)
        want = MORE_DOWNLOADS[name][ROLES.index(role)]
        assert response.status_code == want, (name, role, response.status_code)
        if want == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            data = b"".join(response.streaming_content) if response.streaming else response.content
            assert (
                data.startswith(b"%PDF")
                if name != "journal_csv"
                else assigned_doc.formatted_number in data.decode()
            )
